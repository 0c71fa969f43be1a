import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';
import { EVENT_CATALOG, EVENT_TYPES, routingKeyOf } from '../src';
import { buildAsyncApiDocument, renderAsyncApiYaml } from '../src/asyncapi';

const DOCUMENT = join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml');

interface Message {
  name: string;
  payload: { schema: { properties: Record<string, unknown>; required: string[] } };
}
interface Document {
  asyncapi: string;
  channels: Record<string, { address: string; bindings: { amqp: { exchange: { type: string } } } }>;
  components: { messages: Record<string, Message> };
}

describe('AsyncAPI document (docs/asyncapi.yaml)', () => {
  if (process.env.UPDATE_ASYNCAPI) writeFileSync(DOCUMENT, renderAsyncApiYaml());
  const committed = (existsSync(DOCUMENT) ? load(readFileSync(DOCUMENT, 'utf8')) : undefined) as Document | undefined;

  it('is the document the contracts generate (regenerate with UPDATE_ASYNCAPI=1)', () => {
    expect(committed).toEqual(buildAsyncApiDocument());
  });

  it('is AsyncAPI 3 with one channel per routing key on the topic exchange', () => {
    expect(committed?.asyncapi).toBe('3.0.0');
    const addresses = Object.values(committed?.channels ?? {}).map((channel) => channel.address);
    expect(addresses.sort()).toEqual(EVENT_TYPES.map(routingKeyOf).sort());
    for (const channel of Object.values(committed?.channels ?? {})) expect(channel.bindings.amqp.exchange.type).toBe('topic');
  });

  it.each(EVENT_TYPES)('describes %s with the payload schema of its contract', (type) => {
    const message = Object.values(committed?.components.messages ?? {}).find((candidate) => candidate.name === routingKeyOf(type));
    expect(message).toBeDefined();
    const { data, type: typeSchema, version } = message!.payload.schema.properties;
    const { $schema: _dialect, ...expected } = z.toJSONSchema(EVENT_CATALOG[type].schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
    expect(data).toEqual(expected);
    expect(typeSchema).toMatchObject({ const: type });
    expect(version).toMatchObject({ const: EVENT_CATALOG[type].version });
    expect(message!.payload.schema.required).toEqual(expect.arrayContaining(['id', 'type', 'version', 'source', 'occurredAt', 'correlationId', 'causationId', 'data']));
  });
});
