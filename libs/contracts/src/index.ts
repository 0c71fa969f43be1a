export * from './envelope.schema';
export * from './event-catalog';
export * from './event-envelope';
export { revocationReason } from './events/access.events';
export * from './event-subscriptions';
