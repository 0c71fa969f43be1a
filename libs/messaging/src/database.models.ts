import type { Provider } from '@nestjs/common';
import { modelProvider } from '@support-hub/persistence';
import { PROCESSED_EVENT, processedEventSchema } from './inbox.schema';
import { OUTBOX_EVENT, OUTBOX_SEQUENCE, outboxEventSchema, outboxSequenceSchema } from './outbox.schema';

/** The outbox and inbox collections, in the service's own database. */
export const messagingModelProviders: Provider[] = [
  modelProvider(OUTBOX_EVENT, outboxEventSchema),
  modelProvider(OUTBOX_SEQUENCE, outboxSequenceSchema),
  modelProvider(PROCESSED_EVENT, processedEventSchema),
];
