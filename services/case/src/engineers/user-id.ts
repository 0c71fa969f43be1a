/** A user id as tokens carry it (`sub`): the id of an engineer in the directory. */
export const USER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
