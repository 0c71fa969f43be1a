/**
 * A module that consumes from a message broker provides its Nest CustomTransportStrategy
 * under this token; bootstrapService connects it after HTTP is listening, so a broker
 * that is down delays consuming but never keeps the health endpoints from answering.
 */
export const TRANSPORT_STRATEGY = Symbol('TRANSPORT_STRATEGY');
