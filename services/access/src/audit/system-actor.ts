/** The actor of what happens by itself (expiry, a case event), in audit lines and ends. */
export const SYSTEM_ACTOR = 'system';
