import type { DynamicModule } from '@nestjs/common';
import { AuthModule, authOptionsFrom } from '@support-hub/auth';
import { EVENT_SUBSCRIPTIONS, type ServiceName } from '@support-hub/contracts';
import { MessagingModule } from '@support-hub/messaging';
import { PersistenceModule } from '@support-hub/persistence';
import { PlatformModule, type BaseConfig } from '@support-hub/platform';

/**
 * What every service stands on, the same way in all four: the platform (config, logging, errors,
 * validation, health, metrics), token checks, its own database, and the bus as its own broker
 * user, bound to the event types it consumes (`EVENT_SUBSCRIPTIONS`, which must name exactly its
 * `@OnEvent` handlers' types: the consumer refuses to start otherwise). A service module lists
 * these imports and then only its own features.
 */
export function serviceChassis(service: ServiceName, config: BaseConfig): DynamicModule[] {
  return [
    PlatformModule.forRoot(config),
    AuthModule.forRoot(authOptionsFrom(config)),
    PersistenceModule.forRoot({ uri: config.MONGODB_URI }),
    MessagingModule.forService({
      service,
      amqpUrl: config.AMQP_URL,
      brokerUserPrefix: config.AMQP_USER_PREFIX,
      exchange: config.AMQP_EXCHANGE,
      consumes: EVENT_SUBSCRIPTIONS[service],
    }),
  ];
}
