import { DynamicModule, Inject, Module, OnModuleInit, Provider } from '@nestjs/common';
import { ReadinessRegistry, TRANSPORT_STRATEGY } from '@support-hub/platform';
import { BrokerConnection } from './broker.connection';
import { messagingModelProviders } from './database.models';
import { EventBroadcasts } from './event-broadcasts';
import { EventPublisher } from './event.publisher';
import { EventConsumer } from './event.consumer';
import { Inbox } from './inbox.service';
import { MESSAGING_OPTIONS, resolveOptions, type MessagingOptions, type ResolvedMessagingOptions } from './messaging.options';
import { OutboxRelay } from './outbox.relay';
import { OutboxRepository } from './outbox.repository';
import { Outbox } from './outbox';
import { OUTBOX_STORE } from './outbox.store';
import { QueueDepthMonitor } from './queue-depth.monitor';

/** The broker side alone (connection, publisher, consumer); the module adds outbox and inbox. */
export function brokerProviders(options: ResolvedMessagingOptions): Provider[] {
  return [
    { provide: MESSAGING_OPTIONS, useValue: options },
    BrokerConnection,
    EventPublisher,
    EventConsumer,
    QueueDepthMonitor,
    { provide: TRANSPORT_STRATEGY, useExisting: EventConsumer },
  ];
}

/**
 * Everything a service needs to take part in the bus. Import once in the service's root
 * module, after PersistenceModule (the outbox and inbox live in the service's database):
 *
 *   MessagingModule.forService({ service: 'access', amqpUrl, exchange, consumes: ['case.closed'] })
 *
 * Handlers are controllers with `@OnEvent(type)` methods; the platform's bootstrap connects
 * the transport (TRANSPORT_STRATEGY) once HTTP listens.
 */
@Module({})
export class MessagingModule implements OnModuleInit {
  constructor(
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(BrokerConnection) private readonly broker: BrokerConnection,
    @Inject(EventConsumer) private readonly consumer: EventConsumer,
  ) {}

  static forService(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        ...messagingModelProviders,
        ...brokerProviders(resolveOptions(options)),
        OutboxRepository,
        { provide: OUTBOX_STORE, useExisting: OutboxRepository },
        OutboxRelay,
        Outbox,
        Inbox,
        EventBroadcasts,
      ],
      exports: [MESSAGING_OPTIONS, Outbox, Inbox, OutboxRelay, EventConsumer, EventBroadcasts, TRANSPORT_STRATEGY],
    };
  }

  onModuleInit(): void {
    this.readiness.register('broker', () => this.broker.isConnected());
    // Not ready before its queue is bound: events published earlier would miss this service.
    this.readiness.register('consumer', () => this.consumer.isSubscribed());
  }
}
