import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyObject } from 'node:crypto';
import { isVendorRole, loadOrCreateDevSigningKey, signDevToken, TokenRequest } from '@support-hub/auth';
import { DEFAULT_VENDOR_TENANT_ID } from '@support-hub/platform';
import { EmbeddedMongo } from '@support-hub/embedded-mongo';
import { deleteBrokerObjects } from './broker-cleanup';

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
    readonly amqpUrl: string,
    readonly exchange: string,
    readonly dataDir: string,
    readonly signingKey: KeyObject,
    private readonly mongo: EmbeddedMongo | null,
  ) {}

  static async start(): Promise<TestEnvironment> {
    const runId = randomBytes(4).toString('hex');
    const mongo = process.env.MONGODB_URI ? null : await EmbeddedMongo.start({ port: 0 });
    const dataDir = mkdtempSync(join(tmpdir(), `support-hub-${runId}-`));
    const keyFile = join(dataDir, 'dev-jwt.key');
    return new TestEnvironment(
      runId,
      process.env.MONGODB_URI ?? mongo!.uri,
      process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
      `test.${runId}.events`,
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
      AMQP_URL: this.amqpUrl,
      AMQP_EXCHANGE: this.exchange,
      DATA_DIR: this.dataDir,
      AUTH_DEV_KEY_FILE: join(this.dataDir, 'dev-jwt.key'),
      VENDOR_TENANT_ID: this.vendorTenantId,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      LOG_REQUESTS: 'false',
      ...extra,
    };
  }

  /** A token as the services accept it; vendor staff without a `tid` get the vendor's tenant. */
  token(request: TokenRequest): string {
    const vendorStaff = request.tid === undefined && (request.roles ?? []).some(isVendorRole);
    return signDevToken(this.signingKey, vendorStaff ? { ...request, tid: this.vendorTenantId } : request, TEST_ISSUER, TEST_AUDIENCE);
  }

  async stop(): Promise<void> {
    await deleteBrokerObjects(this.amqpUrl, this.exchange);
    await this.mongo?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
