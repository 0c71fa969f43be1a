import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { z } from 'zod';
import { envelopeSchema } from './envelope.schema';
import { EVENT_CATALOG, EVENT_TYPES, routingKeyOf, type EventType } from './event-catalog';

/** The exchange name in production; test runs use their own. */
export const INTEGRATION_EXCHANGE = 'support-hub.events';

const DESCRIPTION = `Integration events of Support Hub, on one durable RabbitMQ topic exchange.

Routing key and AMQP \`type\` property: \`<event type>.v<major version>\` (e.g. \`case.closed.v1\`).
The body is the plain JSON envelope (\`contentType: application/json\`); AMQP \`messageId\` is the
envelope \`id\`, \`correlationId\` its correlation id, \`appId\` the publishing service.

Delivery guarantees:
- At least once. Events are recorded in the publisher's database in the same transaction as the
  state change (outbox) and published after commit, persistent, with publisher confirms and
  \`mandatory\`. A broker outage delays events; it does not lose them.
- Duplicates are possible (a redelivery, a republish after a crash): deduplicate by \`id\`.
- Order: the events of one aggregate (one case, one workspace, ...) are published in the order
  they were committed; there is no order across aggregates, and redelivery can reorder. Fields
  such as \`revision\` let a consumer ignore a stale event.
- Within a major version fields are only added: ignore unknown fields.
- Unroutable messages are kept by the alternate exchange \`<exchange>.unroutable\`.

Trust: every event type has exactly one owning service (\`x-owner\` below). Each service connects
as its own broker user, may publish only the routing keys of the types it owns (topic permissions),
and stamps the AMQP \`user_id\` property, which RabbitMQ verifies against the connection. Consumers
apply an event only when \`user_id\` is the broker user of its owner; anything else is dead-lettered
with the reason \`untrusted-source\`. Integrators should check \`user_id\` the same way.

Privacy: an \`access.revoked\` with reason \`removed\` is the resource tenant's decision and concerns
only that tenant (\`tenantId\`) and the engineer. Never show it, or its reason, to the request tenant
(\`requestTenantId\`): for them the access ran its course (Support Hub itself shows them the request as
still approved, then completed or expired, and sends them no email about it).

Integrating: ask the operators for an integrator user (\`npm run broker:integrator\`): it may declare
queues named \`<exchange>.integration.<name>…\`, bind them to the routing keys it was given, and
publish nothing. Bind your own durable queue with the routing keys you need and ack after your
work is stored.`;

/** JSON Schema (draft-07) of one event type's complete envelope, generated from the zod schemas. */
export function envelopeJsonSchema(type: EventType): Record<string, unknown> {
  const { version, schema } = EVENT_CATALOG[type];
  const envelope = envelopeSchema.extend({ type: z.literal(type), version: z.literal(version), data: schema });
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(envelope, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return jsonSchema;
}

function camel(routingKey: string): string {
  return routingKey.replace(/[.-](\w)/g, (_match, letter: string) => letter.toUpperCase());
}

/** The AsyncAPI 3.0 document, derived from EVENT_CATALOG so it cannot drift from the contracts. */
export function buildAsyncApiDocument(exchange = INTEGRATION_EXCHANGE): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const type of EVENT_TYPES) {
    const { version, source, summary } = EVENT_CATALOG[type];
    const routingKey = routingKeyOf(type);
    const id = camel(routingKey);
    messages[id] = {
      name: routingKey,
      title: type,
      summary,
      contentType: 'application/json',
      correlationId: { location: '$message.payload#/correlationId' },
      payload: { schemaFormat: 'application/schema+json;version=draft-07', schema: envelopeJsonSchema(type) },
      bindings: { amqp: { messageType: routingKey, bindingVersion: '0.3.0' } },
      'x-source-service': source,
      'x-owner': source,
      'x-version': version,
    };
    channels[id] = {
      address: routingKey,
      title: routingKey,
      description: `${summary} Published only by the ${source} service (its broker user, in \`user_id\`).`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
      bindings: {
        amqp: {
          is: 'routingKey',
          exchange: { name: exchange, type: 'topic', durable: true, autoDelete: false, vhost: '/' },
          bindingVersion: '0.3.0',
        },
      },
    };
    operations[`receive${id[0].toUpperCase()}${id.slice(1)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      summary: `Consume ${type} (ack after your work is stored).`,
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      bindings: { amqp: { ack: true, bindingVersion: '0.3.0' } },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: { title: 'Support Hub integration events', version: '1.0.0', description: DESCRIPTION },
    defaultContentType: 'application/json',
    servers: {
      rabbitmq: { host: 'rabbitmq:5672', protocol: 'amqp', protocolVersion: '0.9.1', description: `Topic exchange \`${exchange}\`.` },
    },
    channels,
    operations,
    components: { messages },
  };
}

export function renderAsyncApiYaml(exchange = INTEGRATION_EXCHANGE): string {
  return `# Generated from libs/contracts (buildAsyncApiDocument); regenerate, do not edit.\n${dump(buildAsyncApiDocument(exchange), { lineWidth: 120, noRefs: true })}`;
}

/** Where the generator writes, relative to the repository root it runs from. */
export const ASYNCAPI_PATH = join('docs', 'asyncapi.yaml');

// Generator: `UPDATE_ASYNCAPI=1 npx jest libs/contracts/test/asyncapi.spec.ts`, or run the compiled file with node.
if (require.main === module) {
  writeFileSync(process.argv[2] ?? ASYNCAPI_PATH, renderAsyncApiYaml());
}
