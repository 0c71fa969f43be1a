import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrokerDefinitions } from './broker-definitions';

const exec = promisify(execFile);

/** The local administrator of a fresh RabbitMQ with the management plugin. */
export const DEFAULT_BROKER_ADMIN_URL = 'http://guest:guest@127.0.0.1:15672';

/**
 * Applies definitions with the broker administrator's rights: through the management HTTP API
 * (what a container from the `-management` image offers), or, when nothing answers there, through
 * `rabbitmqctl` on this host (a Debian install without the plugin). Both take the same format.
 */
export class BrokerAdministrator {
  private readonly api: URL;
  private readonly authorization: string;

  constructor(adminUrl = DEFAULT_BROKER_ADMIN_URL, private readonly vhost = '/') {
    const url = new URL(adminUrl);
    this.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
    this.api = new URL('api/', url.href.endsWith('/') ? url : `${url.href}/`);
  }

  /** Adds or updates users, permissions, topic permissions and policies; the rest stays as it is. */
  async apply(definitions: BrokerDefinitions): Promise<void> {
    const answered = await this.request('POST', 'definitions', definitions);
    if (answered) return;
    const dir = mkdtempSync(join(tmpdir(), 'broker-definitions-'));
    try {
      const file = join(dir, 'definitions.json');
      writeFileSync(file, JSON.stringify(definitions), { mode: 0o600 });
      await this.rabbitmqctl(['import_definitions', file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Deletes users (with their permissions) and policies; missing ones are not an error. */
  async remove(users: readonly string[], policies: readonly string[] = []): Promise<void> {
    if (await this.request('POST', 'users/bulk-delete', { users })) {
      for (const policy of policies) await this.request('DELETE', `policies/${encodeURIComponent(this.vhost)}/${encodeURIComponent(policy)}`);
      return;
    }
    for (const user of users) await this.rabbitmqctl(['delete_user', user]).catch(() => undefined);
    for (const policy of policies) await this.rabbitmqctl(['clear_policy', '-p', this.vhost, policy]).catch(() => undefined);
  }

  /** false when no management API answers (connection refused): the caller falls back to rabbitmqctl. */
  private async request(method: string, path: string, body?: unknown): Promise<boolean> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.api), {
        method,
        headers: { authorization: this.authorization, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      return false;
    }
    if (response.ok || (method === 'DELETE' && response.status === 404)) return true;
    throw new Error(`RabbitMQ management API ${method} /api/${path}: ${response.status} ${await response.text()}`);
  }

  private async rabbitmqctl(args: string[]): Promise<void> {
    try {
      await exec('rabbitmqctl', ['-q', ...args]);
    } catch (error) {
      throw new Error(
        `neither the RabbitMQ management API at ${this.api.origin} nor rabbitmqctl could apply the broker users ` +
          `(set RABBITMQ_ADMIN_URL to an administrator of the management API): ${(error as Error).message}`,
      );
    }
  }
}
