import { execFile } from 'node:child_process';
import type { BrokerDefinitions } from './broker-definitions';

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
    // Through stdin: Debian's rabbitmqctl runs as the rabbitmq user, who cannot read our temp files.
    await this.rabbitmqctl(['import_definitions', '--format', 'json'], JSON.stringify(definitions));
    await this.untilImported(definitions);
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

  /** rabbitmqctl's import is asynchronous: the users are usable once their topic permissions show. */
  private async untilImported(definitions: BrokerDefinitions): Promise<void> {
    const expected = definitions.topic_permissions.map((permission) => permission.user);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const listed = await this.rabbitmqctl(['list_topic_permissions', '-p', this.vhost, '--no-table-headers']);
      const users = new Set(listed.split('\n').map((line) => line.split('\t')[0]));
      if (expected.every((user) => users.has(user))) return;
      if (Date.now() > deadline) throw new Error(`rabbitmqctl import_definitions did not complete within 30 s (waiting for ${expected.join(', ')})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
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

  private async rabbitmqctl(args: string[], input?: string): Promise<string> {
    try {
      return await new Promise<string>((resolve, reject) => {
        const child = execFile('rabbitmqctl', ['-q', ...args], (error, stdout) => (error ? reject(error) : resolve(stdout)));
        child.stdin?.end(input ?? '');
      });
    } catch (error) {
      throw new Error(
        `neither the RabbitMQ management API at ${this.api.origin} nor rabbitmqctl could apply the broker users ` +
          `(set RABBITMQ_ADMIN_URL to an administrator of the management API): ${(error as Error).message}`,
      );
    }
  }
}
