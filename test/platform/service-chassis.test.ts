// Every service boots with the same chassis: health, docs, metrics, errors and the JWT
// chain. Each is checked through HTTP on the real app, as a gateway would call it.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { DynamicModule } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { BaseConfig } from '@support-hub/platform';
import { createTestApp, TEST_AUDIENCE, TEST_ISSUER, TestEnvironment } from '@support-hub/testing';
import { loadAccessConfig } from '../../services/access/src/config/access.config';
import { AccessServiceModule } from '../../services/access/src/access.module';
import { loadCaseConfig } from '../../services/case/src/config/case.config';
import { CaseServiceModule } from '../../services/case/src/case.module';
import { loadInvitationConfig } from '../../services/invitation/src/config/invitation.config';
import { InvitationServiceModule } from '../../services/invitation/src/invitation.module';
import { loadWorkspaceConfig } from '../../services/workspace/src/config/workspace.config';
import { WorkspaceServiceModule } from '../../services/workspace/src/workspace.module';

interface ServiceUnderTest {
  name: string;
  build(env: Record<string, string>): { module: DynamicModule; config: BaseConfig };
  /** A POST that takes no body: clients and gateways often send it `content-type: application/json` and nothing. */
  bodilessAction: string;
}

const services: ServiceUnderTest[] = [
  { name: 'workspace', build: (env) => { const config = loadWorkspaceConfig(env); return { module: WorkspaceServiceModule.register(config), config }; },
    bodilessAction: `/api/v1/contracts/${randomUUID()}/activate` },
  { name: 'invitation', build: (env) => { const config = loadInvitationConfig(env); return { module: InvitationServiceModule.register(config), config }; },
    bodilessAction: `/api/v1/invitations/${randomUUID()}/resend` },
  { name: 'case', build: (env) => { const config = loadCaseConfig(env); return { module: CaseServiceModule.register(config), config }; },
    bodilessAction: `/api/v1/cases/${randomUUID()}/close` },
  { name: 'access', build: (env) => { const config = loadAccessConfig(env); return { module: AccessServiceModule.register(config), config }; },
    bodilessAction: `/api/v1/access-requests/${randomUUID()}/cancel` },
];

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

describe.each(services)('$name service chassis', ({ name, build, bodilessAction }) => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  const claims = { sub: 'user-1', email: 'Alice@Contoso.com', tid: 'tenant-a', name: 'Alice', roles: ['Global Administrator'] };
  // Not the defaults: proves each service takes the identity rules from its own configuration.
  const vendorTenantId = randomUUID();
  const maxLifetimeSeconds = 3_600;

  beforeAll(async () => {
    env = await TestEnvironment.start();
    const { module, config } = build(env.env(name, { VENDOR_TENANT_ID: vendorTenantId, AUTH_MAX_TOKEN_LIFETIME: '1h' }));
    app = await createTestApp(module, config);
  });

  afterAll(async () => {
    await app?.close();
    await env?.stop();
  });

  const http = () => request(app.getHttpServer());

  it('answers liveness and readiness without a token', async () => {
    await http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body.checks).toMatchObject({ database: 'up' });
  });

  it('serves OpenAPI and Prometheus metrics', async () => {
    const docs = await http().get('/docs/json').expect(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    expect(Object.keys(docs.body.paths)).toContain('/api/v1/me');
    await http().get('/health/live');
    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.text).toContain('http_request_duration_seconds_count{method="GET",route="/health/live",status="200"}');
  });

  it('knows the caller from a valid token', async () => {
    const me = await http().get('/api/v1/me').set('authorization', `Bearer ${env.token(claims)}`).expect(200);
    expect(me.body).toEqual({
      id: 'user-1',
      email: 'alice@contoso.com',
      name: 'Alice',
      tenantId: 'tenant-a',
      roles: ['Global Administrator'],
      isVendorStaff: false,
      isPersonalAccount: false,
      permissions: ['microsoft.azure.supportTickets/allEntities/allTasks'],
    });
  });

  const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const attacks: [string, () => string | undefined][] = [
    ['no token', () => undefined],
    ['an expired token', () => env.token({ ...claims, ttlSeconds: -60 })],
    ['a token signed with another key', () => jwt.sign(claims, 'not-the-key', { algorithm: 'HS256', issuer: TEST_ISSUER, audience: TEST_AUDIENCE })],
    ['a token for another audience', () => jwt.sign(claims, env.signingKey, { algorithm: 'HS256', issuer: TEST_ISSUER, audience: 'someone-else' })],
    ['a token from another issuer', () => jwt.sign(claims, env.signingKey, { algorithm: 'HS256', issuer: 'evil', audience: TEST_AUDIENCE })],
    ['alg none', () => jwt.sign(claims, null as unknown as string, { algorithm: 'none', issuer: TEST_ISSUER, audience: TEST_AUDIENCE })],
    ['an RS256 token (algorithm confusion)', () => jwt.sign(claims, rsaKey, { algorithm: 'RS256', issuer: TEST_ISSUER, audience: TEST_AUDIENCE })],
    ['a token not valid yet', () => jwt.sign(claims, env.signingKey, { algorithm: 'HS256', issuer: TEST_ISSUER, audience: TEST_AUDIENCE, notBefore: 3600 })],
    ['a tampered payload', () => { const [h, , s] = env.token(claims).split('.'); return `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')}.${s}`; }],
  ];

  it.each(attacks)('refuses %s with 401 and the error shape', async (_, token) => {
    const call = http().get('/api/v1/me');
    const value = token();
    if (value) call.set('authorization', `Bearer ${value}`);
    const response = await call.expect(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'UNAUTHENTICATED', message: expect.any(String) });
  });

  it('counts vendor roles only in tokens of the configured vendor tenant', async () => {
    const me = async (tid: string) => (await http().get('/api/v1/me').set('authorization', `Bearer ${env.token({ sub: 'mia', tid, roles: ['support-manager', 'Global Administrator'] })}`).expect(200)).body;
    expect(await me(vendorTenantId)).toMatchObject({ isVendorStaff: true, roles: ['support-manager', 'Global Administrator'] });
    // The default vendor tenant is just another customer tenant for a service configured otherwise.
    for (const customerTenant of ['72f988bf-86f1-41af-91ab-2d7cd011db47', 'tenant-a']) {
      expect(await me(customerTenant)).toMatchObject({ isVendorStaff: false, roles: ['Global Administrator'] });
    }
  });

  const sign = (payload: object, options: jwt.SignOptions = {}) => jwt.sign(payload, env.signingKey, { algorithm: 'HS256', issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ...options });
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const lifetimeBreaches: [string, string, () => string][] = [
    ['a token without exp', 'TOKEN_EXPIRY_REQUIRED', () => sign(claims)],
    ['a token issued to live longer than AUTH_MAX_TOKEN_LIFETIME', 'TOKEN_LIFETIME_TOO_LONG', () => env.token({ ...claims, ttlSeconds: maxLifetimeSeconds + 60 })],
    ['a token without iat expiring beyond AUTH_MAX_TOKEN_LIFETIME from now', 'TOKEN_LIFETIME_TOO_LONG', () => sign({ ...claims, exp: nowSeconds() + maxLifetimeSeconds + 60 }, { noTimestamp: true })],
    ['a token whose iat lies in the future to stretch its life', 'TOKEN_LIFETIME_TOO_LONG', () => sign({ ...claims, iat: nowSeconds() + 86_400, exp: nowSeconds() + 86_400 + 60 })],
  ];

  it.each(lifetimeBreaches)('refuses %s with 401 %s', async (_, code, token) => {
    const response = await http().get('/api/v1/me').set('authorization', `Bearer ${token()}`).expect(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code, message: expect.any(String) });
  });

  it('accepts a token living exactly AUTH_MAX_TOKEN_LIFETIME', async () => {
    await http().get('/api/v1/me').set('authorization', `Bearer ${env.token({ ...claims, ttlSeconds: maxLifetimeSeconds })}`).expect(200);
  });

  it('keeps a safe correlation id and replaces a forged one', async () => {
    const kept = await http().get('/health/live').set('x-correlation-id', 'req-123').expect(200);
    expect(kept.headers['x-correlation-id']).toBe('req-123');
    const forged = await http().get('/health/live').set('x-correlation-id', '<script>{"$ne":1} ' + 'a'.repeat(300)).expect(200);
    expect(forged.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with the error shape', async () => {
    const response = await http().get('/api/v1/nowhere').set('authorization', `Bearer ${env.token(claims)}`).expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('refuses a JSON body nested 10,000 deep with 400 BODY_TOO_DEEP on every write route, before authentication', async () => {
    const docs = (await http().get('/docs/json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const writes = Object.entries(docs.paths).flatMap(([path, methods]) =>
      WRITE_METHODS.filter((method) => method in methods).map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, randomUUID()) })),
    );
    expect(writes.length).toBeGreaterThan(0);
    const deepBodies = ['['.repeat(10_000) + ']'.repeat(10_000), '{"a":'.repeat(10_000) + 'null' + '}'.repeat(10_000)];
    for (const { method, path } of writes) {
      for (const [body, token] of deepBodies.flatMap((deep) => [[deep, env.token(claims)], [deep, null]] as const)) {
        const call = http()[method](path).set('content-type', 'application/json');
        if (token) call.set('authorization', `Bearer ${token}`);
        const response = await call.send(body);
        expect({ route: `${method} ${path}`, status: response.status, body: response.body }).toEqual({
          route: `${method} ${path}`,
          status: 400,
          body: { statusCode: 400, error: 'Bad Request', code: 'BODY_TOO_DEEP', message: expect.any(String) },
        });
      }
    }
  });

  it('answers a bodiless POST sent with a JSON content type and no body as it answers one without either', async () => {
    const bearer = `Bearer ${env.token(claims)}`;
    const withoutBody = await http().post(bodilessAction).set('authorization', bearer);
    const withEmptyJson = await http().post(bodilessAction).set('authorization', bearer).set('content-type', 'application/json');
    expect(withoutBody.status).not.toBe(400);
    expect({ status: withEmptyJson.status, body: withEmptyJson.body }).toEqual({ status: withoutBody.status, body: withoutBody.body });
  });
});
