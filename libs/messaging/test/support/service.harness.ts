import { Controller, Global, Inject, INestMicroservice, Module, type DynamicModule, type Type } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import mongoose, { type Connection, type Model } from 'mongoose';
import type { EventEnvelope } from '@support-hub/contracts';
import { EmbeddedMongo } from '@support-hub/embedded-mongo';
import { ReadinessRegistry } from '@support-hub/platform';
import { BrokerConnection } from '../../src/broker.connection';
import { DATABASE_CONNECTION } from '@support-hub/persistence';
import { EventConsumer } from '../../src/event.consumer';
import { Inbox } from '../../src/inbox.service';
import { PROCESSED_EVENT, type ProcessedEventRecord } from '../../src/inbox.schema';
import { MessagingModule } from '../../src/messaging.module';
import type { MessagingOptions } from '../../src/messaging.options';
import { OnEvent } from '../../src/on-event.decorator';
import { OutboxRelay } from '../../src/outbox.relay';
import { Outbox } from '../../src/outbox';
import type { RunUsers } from './run-users';
import { TEST_RETRY_DELAYS } from './bus.harness';

/** The database side of a test run: one embedded server (or MONGODB_URI), a database per service. */
export class TestDatabase {
  private constructor(private readonly server: EmbeddedMongo | null, private readonly uri: string) {}

  static async start(): Promise<TestDatabase> {
    if (process.env.MONGODB_URI) return new TestDatabase(null, process.env.MONGODB_URI);
    const server = await EmbeddedMongo.start({ port: 0 });
    return new TestDatabase(server, server.uri);
  }

  async connect(database: string): Promise<Connection> {
    const url = new URL(this.uri);
    url.pathname = `/${database.replace(/[^a-zA-Z0-9_-]/g, "_")}`;
    return mongoose.createConnection(url.toString(), { autoIndex: true, serverSelectionTimeoutMS: 5_000 }).asPromise();
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }
}

/** What the platform and persistence modules provide in a real service. */
function infrastructure(connection: Connection): DynamicModule {
  @Global()
  @Module({})
  class TestInfrastructureModule {}
  return {
    module: TestInfrastructureModule,
    providers: [ReadinessRegistry, { provide: DATABASE_CONNECTION, useValue: connection }],
    exports: [ReadinessRegistry, DATABASE_CONNECTION],
  };
}

/** Hooks a test uses to fail or hold the handler before its transaction or between commit and ack. */
export class Hooks {
  beforeWork: (event: EventEnvelope, instance: string) => Promise<void> = async () => undefined;
  afterCommit: (event: EventEnvelope, instance: string) => Promise<void> = async () => undefined;
  readonly calls: { eventId: string; instance: string; duplicate: boolean }[] = [];
}
export const HOOKS = Symbol('HOOKS');
export const INSTANCE_NAME = Symbol('INSTANCE_NAME');

/** A handler written the way services should: effect and inbox mark in one transaction. */
@Controller()
export class GrantRevocationHandlers {
  constructor(
    @Inject(DATABASE_CONNECTION) private readonly connection: Connection,
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(HOOKS) private readonly hooks: Hooks,
    @Inject(INSTANCE_NAME) private readonly instance: string,
  ) {}

  @OnEvent('case.closed')
  async revokeGrantsOfClosedCase(@Payload() event: EventEnvelope<'case.closed'>): Promise<void> {
    await this.hooks.beforeWork(event, this.instance);
    const outcome = await this.connection.transaction((session) =>
      this.inbox.once(event, session, async () => {
        await this.connection.collection('revocations').insertOne({ eventId: event.id, caseId: event.data.caseId, by: this.instance }, { session });
        const now = new Date().toISOString();
        const revoked = { grantId: `grant-of-${event.data.caseId}`, requestId: null, caseId: event.data.caseId, workspaceId: event.data.workspaceId };
        const data = { ...revoked, engineerId: 'eng-1', tenantId: event.data.resourceTenantId, reason: 'case-closed' as const, revokedAt: now };
        await this.outbox.record([{ type: 'access.revoked', aggregateId: revoked.grantId, workspaceId: revoked.workspaceId, data }], session);
      }),
    );
    this.hooks.calls.push({ eventId: event.id, instance: this.instance, duplicate: outcome.duplicate });
    await this.hooks.afterCommit(event, this.instance);
  }
}

export interface ServiceApp {
  app: INestMicroservice;
  outbox: Outbox;
  relay: OutboxRelay;
  /** The inbox's marks: which events a handler has processed. */
  processed: Model<ProcessedEventRecord>;
  transport: EventConsumer;
  broker: BrokerConnection;
  connection: Connection;
}

/** A service as MessagingModule.forService builds it, over a real database and broker. */
export async function startService(
  connection: Connection,
  options: Partial<MessagingOptions> & { exchange: string; service: string; users: RunUsers },
  { hooks = new Hooks(), instance = 'a', controllers = [GrantRevocationHandlers] as Type[] } = {},
): Promise<ServiceApp> {
  const { users, ...messaging } = options;
  const moduleRef = await Test.createTestingModule({
    imports: [
      infrastructure(connection),
      MessagingModule.forService({
        amqpUrl: users.amqpUrlOf(options.service),
        brokerUserPrefix: users.prefix,
        consumes: [],
        retryDelaysMs: TEST_RETRY_DELAYS,
        maxAttempts: 3,
        ...messaging,
      }),
    ],
    controllers,
    providers: [
      { provide: HOOKS, useValue: hooks },
      { provide: INSTANCE_NAME, useValue: instance },
    ],
  }).compile();
  const transport = moduleRef.get(EventConsumer);
  const app = moduleRef.createNestMicroservice({ strategy: transport, logger: process.env.TEST_LOG_LEVEL ? ['log', 'warn', 'error'] : false });
  await app.listen();
  return {
    app,
    transport,
    outbox: moduleRef.get(Outbox),
    relay: moduleRef.get(OutboxRelay),
    processed: moduleRef.get(PROCESSED_EVENT),
    broker: moduleRef.get(BrokerConnection),
    connection,
  };
}
