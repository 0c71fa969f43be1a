/** The MongoDB version whose semantics this server follows (`buildInfo`, `serverStatus`). */
export const SERVER_VERSION = '7.0.0';
