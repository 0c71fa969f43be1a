import { counter, gauge, histogram } from '@support-hub/platform';

/** Prometheus metrics of the bus; labels stay low-cardinality (service, event type, outcome). */
export const messagingMetrics = {
  published: counter({ name: 'messaging_published_total', help: 'Events confirmed by the broker', labelNames: ['service', 'type'] }),
  returned: counter({ name: 'messaging_returned_total', help: 'Mandatory publishes the broker could not route', labelNames: ['service', 'routing_key'] }),
  consumed: counter({
    name: 'messaging_consumed_total',
    help: 'Deliveries handled, by outcome (handled, retried, dead-lettered)',
    labelNames: ['service', 'type', 'outcome'],
  }),
  retried: counter({ name: 'messaging_retried_total', help: 'Deliveries scheduled for a delayed retry', labelNames: ['service', 'type'] }),
  deadLettered: counter({ name: 'messaging_dead_lettered_total', help: 'Deliveries sent to the dead-letter queue', labelNames: ['service', 'type', 'reason'] }),
  untrustedBroadcasts: counter({
    name: 'messaging_untrusted_broadcasts_total',
    help: 'Broadcast events ignored because their publisher is not the owner of their type',
    labelNames: ['service', 'type'],
  }),
  handlerSeconds: histogram({
    name: 'messaging_handler_seconds',
    help: 'Handler duration',
    labelNames: ['service', 'type'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  }),
  queueDepth: gauge({
    name: 'messaging_queue_depth',
    help: 'Messages waiting in the service queue (inbox), its dead-letter queue and the shared unroutable queue, sampled periodically',
    labelNames: ['service', 'queue'],
  }),
  outboxBacklog: gauge({ name: 'messaging_outbox_backlog', help: 'Outbox events not yet published', labelNames: ['service'] }),
  outboxOldestAgeSeconds: gauge({ name: 'messaging_outbox_oldest_pending_age_seconds', help: 'Age of the oldest unpublished outbox event', labelNames: ['service'] }),
};
