// Property-based: whatever JSON (or almost-JSON) a client throws at a real route — nested ten
// thousand deep, thousands wide, `$`-operators, `__proto__`, huge strings — the answer is a 4xx
// in the platform's error shape, never a 500, and the service keeps answering.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import request from 'supertest';
import { createTestApp, TestEnvironment } from '@support-hub/testing';
import { loadAccessConfig } from '../../services/access/src/config/access.config';
import { AccessServiceModule } from '../../services/access/src/access.module';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const BODY_LIMIT_BYTES = 65_536;

/** A level of nesting as text: how it opens and how it closes. */
const LEVELS = [
  ['[', ']'],
  ['{"a":', '}'],
  ['{"$ne":', '}'],
  ['{"__proto__":', '}'],
  ['{"constructor":', '}'],
  ['[0,', ']'],
] as const;

const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }).map((value) => JSON.stringify(value)), fc.constantFrom('1e400', '-0', '"\\ud800"', '""'));

// The JSON is written as text: JSON.stringify recurses too, and would overflow before the service.
const deepJson = fc
  .record({
    pattern: fc.array(fc.constantFrom(...LEVELS), { minLength: 1, maxLength: 6 }),
    repeat: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1_000, max: 10_000 })),
    leaf,
    balanced: fc.boolean(),
  })
  .map(({ pattern, repeat, leaf: value, balanced }) => {
    const opening = pattern.map(([open]) => open).join('').repeat(repeat);
    const closing = [...pattern].reverse().map(([, close]) => close).join('').repeat(repeat);
    return opening + value + (balanced ? closing : closing.slice(0, closing.length >> 1));
  });

const operatorKey = fc.constantFrom('$ne', '$gt', '$where', '$regex', '__proto__', 'constructor', 'prototype', 'valueOf', 'caseId', 'status');
const wideJson = fc.oneof(
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3_000 }).map((items) => JSON.stringify(items)),
  fc.dictionary(fc.oneof(operatorKey, fc.string({ maxLength: 12 })), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 500 }).map((object) => JSON.stringify(object)),
  fc.array(fc.tuple(operatorKey, fc.jsonValue({ maxDepth: 2 })), { maxLength: 30 }).map(
    (entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`,
  ),
);

const hugeStrings = fc
  .record({ key: fc.constantFrom('caseId', 'justification', 'resourceTenantId', '$where'), length: fc.integer({ min: 1_000, max: BODY_LIMIT_BYTES + 1_000 }) })
  .map(({ key, length }) => JSON.stringify({ caseId: 'c', resourceTenantId: 't', justification: 'j', [key]: 'x'.repeat(length) }));

const oddJson = fc.constantFrom(' ', '\n', 'null', 'true', '0', '"text"', '[]', '{}', '{"a":1,"a":2}', '\ufeff{}', '{"caseId":', '}{', '[[[[', ']]]]', '{"__proto__":{"admin":true}}');

describe('Hostile JSON against a real route (access service)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let bearer: string;

  beforeAll(async () => {
    env = await TestEnvironment.start();
    const config = loadAccessConfig(env.env('access', { RATE_LIMIT_PER_MINUTE: '1000000', BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES) }));
    app = await createTestApp(AccessServiceModule.register(config), config);
    bearer = `Bearer ${env.token({ sub: 'engineer-fuzz', email: 'fuzz@vendor.example', tid: '72f988bf-86f1-41af-91ab-2d7cd011db47', roles: ['support-engineer'] })}`;
  });

  afterAll(async () => {
    await app?.close();
    await env?.stop();
  });

  /** Throws (so fast-check shrinks to the smallest such input) unless the answer is a 4xx of `{statusCode, error, code, message}`. */
  function expectClientErrorOfPlatformShape(response: request.Response, sent: string): void {
    const body = response.body as Record<string, unknown>;
    const isPlatformError =
      /^application\/json/.test(response.headers['content-type'] ?? '') &&
      ['code,error,message,statusCode', 'code,details,error,message,statusCode'].includes(Object.keys(body).sort().join()) &&
      body.statusCode === response.status &&
      typeof body.error === 'string' &&
      typeof body.code === 'string' &&
      /^[A-Z_]+$/.test(body.code) &&
      typeof body.message === 'string';
    if (response.status >= 400 && response.status < 500 && isPlatformError) return;
    throw new Error(`${response.status} ${JSON.stringify(body).slice(0, 200)} for ${JSON.stringify(sent.slice(0, 200))} (${sent.length} chars)`);
  }

  it('answers every deep, wide or odd JSON body with a 4xx of the platform shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(deepJson, wideJson, hugeStrings, oddJson), async (body) => {
        const response = await request(app.getHttpServer()).post('/api/v1/access-requests').set('authorization', bearer).set('content-type', 'application/json').send(body);
        expectClientErrorOfPlatformShape(response, body);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('answers every query string, bracketed keys nested deep included: a 4xx of the platform shape for an operator, else the unknown keys are ignored', async () => {
    const bracketedKey = fc
      .record({ name: fc.constantFrom('status', 'limit', 'tenantId', '__proto__'), path: fc.array(fc.constantFrom('[a]', '[$ne]', '[]', '[0]', '[__proto__]'), { minLength: 1, maxLength: 500 }) })
      .map(({ name, path }) => name + path.join(''));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(bracketedKey, fc.string({ maxLength: 20 }), { minKeys: 1, maxKeys: 3 }), async (query) => {
        const search = new URLSearchParams(query).toString();
        const response = await request(app.getHttpServer()).get(`/api/v1/access-requests?${search}`).set('authorization', bearer);
        // docs/http-api.md: unknown query parameters are ignored; one that spells an operator is refused.
        if (!Object.keys(query).some((key) => key.includes('[$')) && response.status === 200) return;
        expectClientErrorOfPlatformShape(response, search);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('still answers afterwards', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    await request(app.getHttpServer()).get('/api/v1/access-requests').set('authorization', bearer).expect(200);
  });
});
