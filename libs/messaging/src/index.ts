export { MessagingModule } from './messaging.module';
export type { MessagingOptions } from './messaging.options';
export { OnEvent, PermanentEventError } from './on-event.decorator';
export { Outbox, type AnyNewEvent } from './outbox.service';
export { OutboxRelay } from './outbox.relay';
export { Inbox, type InboxResult } from './inbox.service';
export { EventTransport, type DeadLetterReason } from './event.transport';
export { topologyNames, type TopologyNames } from './messaging.topology';
export { EventBroadcasts, type BroadcastListener } from './event-broadcasts';
