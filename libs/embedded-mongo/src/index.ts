export { EmbeddedMongo } from './embedded-mongo.server';
export type { EmbeddedMongoOptions } from './embedded-mongo.server';
