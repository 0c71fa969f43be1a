import { Controller, Inject, INestMicroservice, Provider } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import type { EventEnvelope } from '@support-hub/contracts';
import { ReadinessRegistry, requestContext, type RequestContext } from '@support-hub/platform';
import { BrokerConnection } from '../../src/broker.connection';
import { EventPublisher } from '../../src/event.publisher';
import { EventConsumer } from '../../src/event.consumer';
import { brokerProviders } from '../../src/messaging.module';
import { resolveOptions, type MessagingOptions } from '../../src/messaging.options';
import { OnEvent } from '../../src/on-event.decorator';
import type { RunUsers } from './run-users';

/** A private exchange per test file, so runs never see each other's messages. */
export function runExchange(label: string): string {
  return `test.${randomBytes(4).toString('hex')}.${label}`;
}

export interface Handled {
  event: EventEnvelope;
  context: RequestContext | undefined;
  instance: string;
}

/** What the test handlers do and saw; tests swap `behaviour` to fail, block or store. */
export class Recorder {
  readonly handled: Handled[] = [];
  behaviour: (event: EventEnvelope, instance: string) => Promise<void> = async () => undefined;
}
export const RECORDER = Symbol('RECORDER');
export const INSTANCE = Symbol('INSTANCE');

@Controller()
export class CaseEventHandlers {
  constructor(
    @Inject(RECORDER) private readonly recorder: Recorder,
    @Inject(INSTANCE) private readonly instance: string,
  ) {}

  @OnEvent('case.closed')
  async revokeGrantsOfClosedCase(@Payload() event: EventEnvelope<'case.closed'>): Promise<void> {
    await this.recorder.behaviour(event, this.instance);
    this.recorder.handled.push({ event, context: requestContext.current(), instance: this.instance });
  }

  @OnEvent('case.opened')
  async trackOpenedCase(@Payload() event: EventEnvelope<'case.opened'>): Promise<void> {
    await this.recorder.behaviour(event, this.instance);
    this.recorder.handled.push({ event, context: requestContext.current(), instance: this.instance });
  }
}

export interface BusApp {
  app: INestMicroservice;
  transport: EventConsumer;
  publisher: EventPublisher;
  broker: BrokerConnection;
}

export const TEST_RETRY_DELAYS = [50, 100];

/** A Nest microservice with the messaging transport and the test handlers, no database. */
export async function startBusApp(
  options: Partial<MessagingOptions> & { exchange: string; users: RunUsers },
  recorder: Recorder,
  instance = 'a',
  extraProviders: Provider[] = [],
): Promise<BusApp> {
  const { users, ...rest } = options;
  const service = rest.service ?? 'access';
  const resolved = resolveOptions({
    service,
    amqpUrl: users.amqpUrlOf(service),
    brokerUserPrefix: users.prefix,
    consumes: ['case.closed', 'case.opened'],
    retryDelaysMs: TEST_RETRY_DELAYS,
    maxAttempts: 3,
    ...rest,
  });
  const moduleRef = await Test.createTestingModule({
    controllers: options.consumes?.length === 0 ? [] : [CaseEventHandlers],
    providers: [
      ...brokerProviders(resolved),
      ReadinessRegistry,
      { provide: RECORDER, useValue: recorder },
      { provide: INSTANCE, useValue: instance },
      ...extraProviders,
    ],
  }).compile();
  const transport = moduleRef.get(EventConsumer);
  const app = moduleRef.createNestMicroservice({ strategy: transport, logger: process.env.TEST_LOG_LEVEL ? ['log', 'warn', 'error'] : false });
  await app.listen();
  return { app, transport, publisher: moduleRef.get(EventPublisher), broker: moduleRef.get(BrokerConnection) };
}
