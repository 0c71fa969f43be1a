// Production's path: RS256 tokens verified against the identity provider's JWKS, served here
// by a local http endpoint (http is allowed outside production). Through HTTP on a real app.
import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ConfigError } from '@support-hub/platform';
import { createTestApp, LocalJwks, rsaSigningKey, TEST_AUDIENCE, TEST_ISSUER, TestEnvironment } from '@support-hub/testing';
import { loadAccessConfig } from '../../services/access/src/config/access.config';
import { loadCaseConfig } from '../../services/case/src/config/case.config';
import { loadInvitationConfig } from '../../services/invitation/src/config/invitation.config';
import { loadWorkspaceConfig } from '../../services/workspace/src/config/workspace.config';
import { WorkspaceServiceModule } from '../../services/workspace/src/workspace.module';

describe('JWKS mode (RS256 from the identity provider)', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;
  let jwks: LocalJwks;
  const providerKey = rsaSigningKey();
  const signedByProvider = (claims: object, options: { kid?: string; expiresInSeconds?: number } = {}) =>
    providerKey.sign(claims, { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ...options });

  beforeAll(async () => {
    jwks = await new LocalJwks().start();
    jwks.publish(providerKey);
    env = await TestEnvironment.start();
    const config = loadWorkspaceConfig(env.env('workspace', { AUTH_JWKS_URI: jwks.uri }));
    app = await createTestApp(WorkspaceServiceModule.register(config), config);
  });

  afterAll(async () => {
    await app?.close();
    await env?.stop();
    await jwks?.stop();
  });

  const me = (token: string) => request(app.getHttpServer()).get('/api/v1/me').set('authorization', `Bearer ${token}`);

  it('knows the caller from the provider\'s token, with the vendor-tenant rule', async () => {
    const claims = { sub: 'eli', email: 'eli@vendor.example', roles: ['support-engineer'] };
    expect((await me(signedByProvider({ ...claims, tid: env.vendorTenantId })).expect(200)).body).toMatchObject({ id: 'eli', isVendorStaff: true, roles: ['support-engineer'] });
    expect((await me(signedByProvider({ ...claims, tid: randomUUID() })).expect(200)).body).toMatchObject({ id: 'eli', isVendorStaff: false, roles: [] });
  });

  it('reads directory roles from an Entra-shaped token: template ids in wids, no role names', async () => {
    const tenant = randomUUID();
    // Service Support Administrator's template id, with another id Entra may add beside it.
    const claims = { sub: 'gia', email: 'gia@contoso.example', tid: tenant, wids: ['f023fd81-a637-4b56-95fd-791ac0226033', randomUUID()] };
    expect((await me(signedByProvider(claims)).expect(200)).body).toMatchObject({
      tenantId: tenant, isVendorStaff: false, roles: ['Service Support Administrator'], permissions: ['microsoft.azure.supportTickets/allEntities/allTasks'],
    });
  });

  it('refuses the development key\'s tokens and tokens living too long', async () => {
    await me(env.token({ sub: 'eli', tid: env.vendorTenantId })).expect(401);
    const longLived = await me(signedByProvider({ sub: 'eli', tid: env.vendorTenantId }, { expiresInSeconds: 2 * 86_400 })).expect(401);
    expect(longLived.body.code).toBe('TOKEN_LIFETIME_TOO_LONG');
  });

  it('lets a burst of tokens with made-up kids cost at most one JWKS fetch, and keeps accepting the real key', async () => {
    await me(signedByProvider({ sub: 'warm-up', tid: env.vendorTenantId })).expect(200);
    const before = jwks.fetches;
    const forger = rsaSigningKey();
    const burst = Array.from({ length: 30 }, (_, index) => forger.sign({ sub: `forged-${index}` }, { kid: randomUUID(), issuer: TEST_ISSUER, audience: TEST_AUDIENCE }));
    const statuses = await Promise.all(burst.map(async (token) => (await me(token)).status));
    expect(statuses).toEqual(burst.map(() => 401));
    expect(jwks.fetches - before).toBeLessThanOrEqual(1);
    await me(signedByProvider({ sub: 'after-burst', tid: env.vendorTenantId })).expect(200);
  });
});

describe('Boot in production', () => {
  const loaders = { workspace: loadWorkspaceConfig, invitation: loadInvitationConfig, case: loadCaseConfig, access: loadAccessConfig };
  const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/x', AMQP_URL: 'amqp://u:p@127.0.0.1:5672', NODE_ENV: 'production' };

  it.each(Object.entries(loaders))('the %s service refuses the development key and a plain-http JWKS, naming AUTH_JWKS_URI', (_, load) => {
    expect(() => load(base)).toThrow(ConfigError);
    expect(() => load(base)).toThrow(/AUTH_JWKS_URI: is required when NODE_ENV=production/);
    expect(() => load({ ...base, AUTH_JWKS_URI: 'http://idp.example/keys' })).toThrow(/AUTH_JWKS_URI: must be an https/);
    expect(load({ ...base, AUTH_JWKS_URI: 'https://idp.example/keys' }).AUTH_JWKS_URI).toBe('https://idp.example/keys');
  });
});
