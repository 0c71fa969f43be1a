// What the messaging bench runs in both of its processes: a Nest app with the messaging
// module (the producing "case" service or the consuming "access" service).
import 'reflect-metadata';
import { Controller, Global, Inject, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@support-hub/contracts';
import { Inbox, MessagingModule, OnEvent } from '@support-hub/messaging';
import { ReadinessRegistry, TRANSPORT_STRATEGY } from '@support-hub/platform';

export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const DATABASE_CONNECTION = 'DatabaseConnection';

/** What the consumer's handler does per event, and whom it tells; set by the consumer process. */
export const handling = { mode: 'insert' as 'insert' | 'inbox', onHandled: (_caseId: string) => undefined as void };

@Controller()
class BenchHandlers {
  constructor(@Inject(DATABASE_CONNECTION) private readonly connection: Connection, @Inject(Inbox) private readonly inbox: Inbox) {}

  @OnEvent('case.closed')
  async revokeGrantsOfClosedCase(@Payload() event: EventEnvelope<'case.closed'>): Promise<void> {
    const row = { eventId: event.id, caseId: event.data.caseId };
    if (handling.mode === 'insert') await this.connection.collection('revocations').insertOne(row);
    else await this.connection.transaction((session) => this.inbox.once(event, session, () => this.connection.collection('revocations').insertOne(row, { session })));
    handling.onHandled(event.data.caseId);
  }
}

function infrastructure(connection: Connection): DynamicModule {
  @Global()
  @Module({})
  class BenchInfrastructureModule {}
  return { module: BenchInfrastructureModule, providers: [ReadinessRegistry, { provide: DATABASE_CONNECTION, useValue: connection }], exports: [ReadinessRegistry, DATABASE_CONNECTION] };
}

/** How a bench service reaches the broker: its own broker user, as in production. */
export interface BenchBrokerLogin {
  amqpUrl: string;
  brokerUserPrefix: string;
}

export async function startService(connection: Connection, exchange: string, service: string, consumer: boolean, login: BenchBrokerLogin): Promise<NestFastifyApplication> {
  @Module({
    imports: [infrastructure(connection), MessagingModule.forService({ service, ...login, exchange, consumes: consumer ? ['case.closed'] : [] })],
    controllers: consumer ? [BenchHandlers] : [],
  })
  class BenchServiceModule {}
  const app = await NestFactory.create<NestFastifyApplication>(BenchServiceModule, new FastifyAdapter(), { logger: ['error'] });
  app.connectMicroservice({ strategy: app.get(TRANSPORT_STRATEGY) });
  await app.init();
  await app.startAllMicroservices();
  return app;
}
