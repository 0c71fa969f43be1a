/** Tenant ids are directory GUIDs in production; anything id-like is accepted, nothing that could be query syntax. */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
