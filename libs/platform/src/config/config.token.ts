/** The validated configuration object of the running service. */
export const APP_CONFIG = Symbol('APP_CONFIG');
