import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_VENDOR_TENANT_ID } from '@support-hub/platform';
import { eventually } from '@support-hub/testing';
import type { ServiceName, SystemUnderTest } from './system-under-test';

/** A person in a system test: the claims of their token. */
export interface Person {
  id: string;
  email: string;
  name: string;
  tenantId: string;
  roles: string[];
}

/** The tenant of vendor staff: the VENDOR_TENANT_ID the services under test run with. */
export const VENDOR_TENANT = DEFAULT_VENDOR_TENANT_ID;
export const PERSONAL_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** A person with a unique id and email, so runs and tests never meet each other's data. */
export function person(name: string, tenantId: string, roles: string[] = [], email?: string): Person {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const unique = randomUUID().slice(0, 8);
  return { id: `${slug}-${unique}`, email: email ?? `${slug}.${unique}@example.com`, name, tenantId, roles };
}

export interface Reply {
  status: number;
  body: any; // test assertions read any field of a JSON reply
  headers: Headers;
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** A raw body (sent as is, with content-type application/json unless told otherwise). */
  raw?: string;
  /** How long to wait for the reply (default 30 s). */
  timeoutMs?: number;
  /** Which replica of the service answers (default 0). */
  replica?: number;
}

/**
 * HTTP as a front end calls the system: JSON, bearer token; each service on its own port, or
 * every call through one entry point (`via`: the gateway or nginx), which must route it.
 */
export class SystemClient {
  constructor(
    readonly system: SystemUnderTest,
    readonly via?: string,
  ) {}

  bearer(user: Person, ttlSeconds?: number): string {
    return this.system.token({ sub: user.id, email: user.email, name: user.name, tid: user.tenantId, roles: user.roles, ttlSeconds });
  }

  async call(service: ServiceName, method: string, path: string, user: Person | null, body?: unknown, options: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (user) headers.authorization = `Bearer ${this.bearer(user)}`;
    let payload: string | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    // A bounded wait: a request that hangs is a failure to report, not a test timeout to puzzle over.
    const base = this.via ?? this.system.url(service, options.replica ?? 0);
    const response = await fetch(`${base}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  as(user: Person | null) {
    return {
      get: (service: ServiceName, path: string, options?: CallOptions) => this.call(service, 'GET', path, user, undefined, options),
      post: (service: ServiceName, path: string, body?: unknown, options?: CallOptions) => this.call(service, 'POST', path, user, body, options),
      patch: (service: ServiceName, path: string, body?: unknown, options?: CallOptions) => this.call(service, 'PATCH', path, user, body, options),
      put: (service: ServiceName, path: string, body?: unknown, options?: CallOptions) => this.call(service, 'PUT', path, user, body, options),
      delete: (service: ServiceName, path: string, options?: CallOptions) => this.call(service, 'DELETE', path, user, undefined, options),
    };
  }

  /** The token of the newest invitation email to `email` in the mailbox folder, once it is there. */
  async invitationToken(email: string, { after = new Set<string>() }: { after?: Set<string> } = {}): Promise<string> {
    return eventually(() => {
      for (const file of this.mailFiles().reverse()) {
        if (after.has(file)) continue;
        const text = readFileSync(join(this.system.mailDir, file), 'utf8');
        if (!new RegExp(`^To: ${escapeRegExp(email)}$`, 'im').test(text)) continue;
        const token = /token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
        if (token) return token;
      }
      return undefined;
    }, { what: `an invitation email to ${email}`, timeoutMs: 20_000 });
  }

  mailFiles(): string[] {
    try {
      return readdirSync(this.system.mailDir).filter((name) => name.endsWith('.eml')).sort();
    } catch {
      return [];
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const expectStatus = (reply: Reply, status: number, what = ''): Reply => {
  if (reply.status !== status) {
    throw new Error(`${what} expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  return reply;
};

export interface Customer {
  tenantId: string;
  contractId: string;
  workspaceId: string;
  csam: Person;
  admin: Person;
  member: Person;
}

/**
 * A customer onboarded the way DESIGN §3–4 tells it, through the HTTP APIs: a CSAM creates and
 * activates a contract; the service administrator and a support contact accept their emailed
 * invitations; returns once the case service knows both memberships.
 */
export async function onboardCustomer(client: SystemClient, name = 'Contoso', type: 'premier' | 'unified' = 'unified'): Promise<Customer> {
  const tenantId = randomUUID();
  const csam = person('Carla CSAM', VENDOR_TENANT, ['csam']);
  const admin = person(`${name} Admin`, tenantId, ['Global Administrator']);
  const member = person(`${name} Member`, tenantId);
  const created = expectStatus(await client.as(csam).post('workspace', '/api/v1/contracts', {
    customerName: name,
    customerTenantId: tenantId,
    type,
    startsAt: '2026-01-01T00:00:00Z',
    endsAt: '2099-12-31T00:00:00Z',
    serviceAdmin: { email: admin.email, name: admin.name },
    supportContacts: [{ email: member.email, name: member.name }],
    services: ['reactive-support'],
  }), 201, 'create contract');
  const activated = expectStatus(await client.as(csam).post('workspace', `/api/v1/contracts/${created.body.id}/activate`), 200, 'activate');
  const workspaceId: string = activated.body.defaultWorkspaceId;
  for (const user of [admin, member]) {
    const token = await client.invitationToken(user.email);
    expectStatus(await client.as(user).post('invitation', '/api/v1/invitations/accept', { token }), 200, `accept (${user.name})`);
  }
  for (const user of [admin, member]) {
    await eventually(async () => (await client.as(user).get('case', `/api/v1/workspaces/${workspaceId}/cases?limit=1`)).status === 200, {
      what: `the case service to know ${user.name} as a member`,
      timeoutMs: 20_000,
    });
  }
  return { tenantId, contractId: created.body.id, workspaceId, csam, admin, member };
}

/** A support engineer registered by a support manager, with the given expertise. */
export async function registerEngineer(client: SystemClient, expertise: string[], name = 'Erin Engineer'): Promise<Person> {
  const manager = person('Max Manager', VENDOR_TENANT, ['support-manager']);
  const engineer = person(name, VENDOR_TENANT, ['support-engineer']);
  expectStatus(await client.as(manager).post('case', '/api/v1/engineers', {
    userId: engineer.id,
    name: engineer.name,
    email: engineer.email,
    expertise,
  }), 201, 'register engineer');
  return engineer;
}

/** Every page of a list route, followed through `nextCursor`. */
export async function listAll(client: SystemClient, user: Person, service: ServiceName, path: string): Promise<any[]> {
  const items: unknown[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const reply = expectStatus(await client.as(user).get(service, `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), 200, `list ${path}`);
    items.push(...reply.body.items);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return items as any[];
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inParallel<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  }));
  return results;
}

/** Sum of a Prometheus counter's samples on one replica whose labels include `labels`. */
export async function metricSum(system: SystemUnderTest, service: ServiceName, replica: number, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${system.url(service, replica)}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
