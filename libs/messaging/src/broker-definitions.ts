import { createHash, randomBytes } from 'node:crypto';
import { EVENT_SUBSCRIPTIONS, eventTypesOwnedBy, routingKeyOf, SERVICE_NAMES, type EventType } from '@support-hub/contracts';
import { brokerUserOf } from './broker-identity';
import { topologyNames } from './messaging.topology';

/**
 * RabbitMQ definitions (the format of `rabbitmqctl import_definitions`, the management API's
 * `POST /api/definitions` and the `load_definitions` setting): users, their permissions, topic
 * permissions and policies. Generated from the event catalog, so a user's rights follow what its
 * service owns and consumes.
 */
export interface BrokerDefinitions {
  users: { name: string; password_hash: string; hashing_algorithm: 'rabbit_password_hashing_sha256'; tags: string }[];
  permissions: { user: string; vhost: string; configure: string; write: string; read: string }[];
  topic_permissions: { user: string; vhost: string; exchange: string; write: string; read: string }[];
  policies: { vhost: string; name: string; pattern: string; 'apply-to': 'queues'; priority: number; definition: Record<string, unknown> }[];
}

export interface ServiceUsersRequest {
  exchange: string;
  /** Users are `<prefix><service>`. */
  prefix: string;
  passwords: Readonly<Record<string, string>>;
  vhost?: string;
  /** Largest number of messages the unroutable queue keeps (oldest dropped first). */
  unroutableMaxLength?: number;
  /** How long a message stays in the unroutable queue (ms). */
  unroutableMaxAgeMs?: number;
}

/** Defaults of the unroutable queue's bounds: enough to diagnose a missing binding, never a leak. */
export const UNROUTABLE_MAX_LENGTH = 100_000;
export const UNROUTABLE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const NOTHING = '^$';
const HASHING = 'rabbit_password_hashing_sha256';

/**
 * One least-privilege user per service. It may declare and use only its own queues and the shared
 * exchanges, publish only the routing keys of the event types it owns, and bind its queue only to
 * the keys it consumes. Its retry and dead-letter copies go through the default exchange
 * (`amq.default`), where the consumer's `user_id` check, not the broker, keeps forgeries out.
 */
export function serviceUserDefinitions(request: ServiceUsersRequest): BrokerDefinitions {
  const vhost = request.vhost ?? '/';
  const shared = [request.exchange, topologyNames(request.exchange, 'x').unroutableExchange].map(escape);
  const definitions: BrokerDefinitions = { users: [], permissions: [], topic_permissions: [], policies: [] };
  for (const service of SERVICE_NAMES) {
    const user = brokerUserOf(request.prefix, service);
    const password = request.passwords[service];
    if (!password) throw new Error(`no broker password for the ${service} service`);
    const ownQueues = `${escape(topologyNames(request.exchange, service).queue)}(\\..+)?`;
    const resources = `^(${[...shared, ownQueues].join('|')})$`;
    definitions.users.push({ name: user, password_hash: rabbitPasswordHash(password), hashing_algorithm: HASHING, tags: '' });
    definitions.permissions.push({ user, vhost, configure: resources, write: `^(${[...shared, ownQueues, 'amq\\.default'].join('|')})$`, read: resources });
    definitions.topic_permissions.push({
      user,
      vhost,
      exchange: request.exchange,
      write: routingKeysPattern(eventTypesOwnedBy(service)),
      // What it consumes, and its own events (replicas hear those as broadcasts to keep caches in step).
      read: routingKeysPattern([...new Set([...EVENT_SUBSCRIPTIONS[service], ...eventTypesOwnedBy(service)])]),
    });
  }
  definitions.policies.push(
    unroutablePolicy(request.exchange, vhost, request.unroutableMaxLength ?? UNROUTABLE_MAX_LENGTH, request.unroutableMaxAgeMs ?? UNROUTABLE_MAX_AGE_MS),
  );
  return definitions;
}

/**
 * A user for a system that integrates through the bus: it reads its own queues
 * (`<exchange>.integration.<name>…`), bound to the routing keys it may read, and publishes nothing.
 */
export function integratorUserDefinitions(exchange: string, name: string, password: string, reads: readonly EventType[], vhost = '/'): BrokerDefinitions {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`invalid integrator name: ${name}`);
  const user = `integration-${name}`;
  const ownQueues = `${escape(`${exchange}.integration.${name}`)}(\\..+)?`;
  return {
    users: [{ name: user, password_hash: rabbitPasswordHash(password), hashing_algorithm: HASHING, tags: '' }],
    permissions: [{ user, vhost, configure: `^${ownQueues}$`, write: `^${ownQueues}$`, read: `^(${escape(exchange)}|${ownQueues})$` }],
    topic_permissions: [{ user, vhost, exchange, write: NOTHING, read: routingKeysPattern(reads) }],
    policies: [],
  };
}

/** The broker users `serviceUserDefinitions` creates. */
export function serviceUserNames(prefix: string): string[] {
  return SERVICE_NAMES.map((service) => brokerUserOf(prefix, service));
}

export function unroutablePolicyName(exchange: string): string {
  return `${exchange}.unroutable-bound`;
}

/** Fresh random passwords, one per service (for `npm start` and test runs). */
export function randomServicePasswords(): Record<string, string> {
  return Object.fromEntries(SERVICE_NAMES.map((service) => [service, randomBytes(24).toString('base64url')]));
}

/**
 * RabbitMQ's `rabbit_password_hashing_sha256`: base64(salt ‖ SHA-256(salt ‖ password)) with a
 * 4-byte random salt, so definitions never hold a password in clear.
 */
export function rabbitPasswordHash(password: string): string {
  const salt = randomBytes(4);
  const digest = createHash('sha256').update(Buffer.concat([salt, Buffer.from(password, 'utf8')])).digest();
  return Buffer.concat([salt, digest]).toString('base64');
}

// Events no service consumes (integration-only types) pile up in the unroutable queue: keep the
// newest, for a day. A policy, not queue arguments: re-declaring the queue with other arguments
// would fail on every broker that already has it (PRECONDITION_FAILED).
function unroutablePolicy(exchange: string, vhost: string, maxLength: number, maxAgeMs: number): BrokerDefinitions['policies'][number] {
  const queue = topologyNames(exchange, 'x').unroutableQueue;
  return {
    vhost,
    name: unroutablePolicyName(exchange),
    pattern: `^${escape(queue)}$`,
    'apply-to': 'queues',
    priority: 0,
    definition: { 'max-length': maxLength, overflow: 'drop-head', 'message-ttl': maxAgeMs },
  };
}

function routingKeysPattern(types: readonly EventType[]): string {
  return types.length === 0 ? NOTHING : `^(${types.map((type) => escape(routingKeyOf(type))).join('|')})$`;
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
