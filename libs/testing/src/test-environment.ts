import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyObject } from 'node:crypto';
import { ownerOf, type EventData, type EventEnvelope, type EventType, type ServiceName } from '@support-hub/contracts';
import { isVendorRole, loadOrCreateDevSigningKey, signDevToken, TokenRequest } from '@support-hub/auth';
import { DEFAULT_VENDOR_TENANT_ID } from '@support-hub/platform';
import { EmbeddedMongo } from '@support-hub/embedded-mongo';
import { randomServicePasswords, ServiceBrokerUsers } from '@support-hub/messaging';
import { deleteBrokerObjects } from './broker-cleanup';
import { publishEvent, type PublishExtras } from './publish-event';

/** The machine's broker as its administrator sees it: tests inspect queues and clean up with it. */
export const ADMIN_AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/**
 * Each run's own broker users for the four services (`test-<run id>-<service>`), made with the
 * administrator's rights and deleted at the end: tests run under the same trust model as production.
 */
export async function provisionRunBrokerUsers(runId: string, exchange: string): Promise<{ users: ServiceBrokerUsers; prefix: string }> {
  const prefix = `test-${runId}-`;
  const users = new ServiceBrokerUsers({ brokerUrl: ADMIN_AMQP_URL, exchange, prefix, passwords: randomServicePasswords(), adminUrl: process.env.RABBITMQ_ADMIN_URL });
  return { users: await users.provision(), prefix };
}

export const TEST_ISSUER = 'support-hub-dev';
export const TEST_AUDIENCE = 'support-hub';

/**
 * What a test run shares: an in-memory embedded MongoDB (or MONGODB_URI when set, to run
 * the same tests against a real server), the machine's RabbitMQ with a per-run exchange,
 * and a per-run signing key. Names carry a run id so a dirty machine never interferes.
 */
export class TestEnvironment {
  /** The vendor's tenant the services under test are configured with (VENDOR_TENANT_ID). */
  readonly vendorTenantId = DEFAULT_VENDOR_TENANT_ID;

  private constructor(
    readonly runId: string,
    readonly mongoUri: string,
    /** The administrator's URL: for inspecting queues and for publishing as an outsider. */
    readonly amqpUrl: string,
    readonly exchange: string,
    readonly brokerUsers: ServiceBrokerUsers,
    readonly brokerUserPrefix: string,
    readonly dataDir: string,
    readonly signingKey: KeyObject,
    private readonly mongo: EmbeddedMongo | null,
  ) {}

  static async start(): Promise<TestEnvironment> {
    const runId = randomBytes(4).toString('hex');
    const mongo = process.env.MONGODB_URI ? null : await EmbeddedMongo.start({ port: 0 });
    const dataDir = mkdtempSync(join(tmpdir(), `support-hub-${runId}-`));
    const keyFile = join(dataDir, 'dev-jwt.key');
    const exchange = `test.${runId}.events`;
    const { users, prefix } = await provisionRunBrokerUsers(runId, exchange);
    return new TestEnvironment(
      runId,
      process.env.MONGODB_URI ?? mongo!.uri,
      ADMIN_AMQP_URL,
      exchange,
      users,
      prefix,
      dataDir,
      loadOrCreateDevSigningKey(keyFile),
      mongo,
    );
  }

  /** Environment variables for a service under test, each service with its own database. */
  env(service: string, extra: Record<string, string> = {}): Record<string, string> {
    const url = new URL(this.mongoUri);
    url.pathname = `/t-${this.runId}-${service}`;
    return {
      PORT: '0',
      MONGODB_URI: url.toString(),
      AMQP_URL: this.amqpUrlOf(service),
      AMQP_USER_PREFIX: this.brokerUserPrefix,
      AMQP_EXCHANGE: this.exchange,
      DATA_DIR: this.dataDir,
      AUTH_DEV_KEY_FILE: join(this.dataDir, 'dev-jwt.key'),
      VENDOR_TENANT_ID: this.vendorTenantId,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      LOG_REQUESTS: 'false',
      ...extra,
    };
  }

  /** The URL a service connects with: its own broker user of this run. */
  amqpUrlOf(service: ServiceName | string): string {
    return this.brokerUsers.amqpUrlOf(service);
  }

  /** Publishes an event as the service that owns its type would (its broker user, its `user_id`). */
  publishAsOwner<T extends EventType>(type: T, data: EventData<T>, extra: PublishExtras = {}): Promise<EventEnvelope<T>> {
    return publishEvent(this.amqpUrlOf(ownerOf(type)), this.exchange, type, data, extra);
  }

  /** A token as the services accept it; vendor staff without a `tid` get the vendor's tenant. */
  token(request: TokenRequest): string {
    const vendorStaff = request.tid === undefined && (request.roles ?? []).some(isVendorRole);
    return signDevToken(this.signingKey, vendorStaff ? { ...request, tid: this.vendorTenantId } : request, TEST_ISSUER, TEST_AUDIENCE);
  }

  async stop(): Promise<void> {
    await deleteBrokerObjects(this.amqpUrl, this.exchange);
    await this.brokerUsers.remove();
    await this.mongo?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
