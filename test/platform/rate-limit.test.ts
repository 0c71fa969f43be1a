// Who a request is counted against: the signed-in user (tenant + subject) when the token is
// valid, else the client address, where X-Forwarded-For counts only from a TRUST_PROXY peer.
// Checked through HTTP on a real service, and on the platform's chassis for anonymous routes.
import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { baseConfigSchema, loadConfig, PlatformModule, Public, RateLimited, type BaseConfig } from '@support-hub/platform';
import { createTestApp, TestEnvironment } from '@support-hub/testing';
import { loadInvitationConfig } from '../../services/invitation/src/config/invitation.config';
import { InvitationServiceModule } from '../../services/invitation/src/invitation.module';

const BUDGET = 2;

describe('Rate limits per signed-in user', () => {
  let env: TestEnvironment;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    env = await TestEnvironment.start();
    const config = loadInvitationConfig(env.env('invitation', { RATE_LIMIT_PER_MINUTE: String(BUDGET) }));
    app = await createTestApp(InvitationServiceModule.register(config), config);
  });

  afterAll(async () => {
    await app?.close();
    await env?.stop();
  });

  /** Guessing an invitation token: the route the limit exists for. */
  const guess = (claims: { sub: string; tid: string }, forwardedFor = '198.51.100.1') =>
    request(app.getHttpServer())
      .post('/api/v1/invitations/accept')
      .set('authorization', `Bearer ${env.token({ ...claims, email: `${claims.sub}@contoso.example` })}`)
      .set('x-forwarded-for', forwardedFor)
      .send({ token: 'A'.repeat(43) });

  it('gives each user behind one address a budget of their own, whatever X-Forwarded-For says', async () => {
    const alice = { sub: 'alice', tid: 'a0a0a0a0-1111-4c3e-8f9a-0b1c2d3e4f50' };
    for (let attempt = 0; attempt < BUDGET; attempt++) expect((await guess(alice, `203.0.113.${attempt}`)).status).not.toBe(429);
    const limited = await guess(alice, '203.0.113.99');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });

    const bob = { sub: 'bob', tid: alice.tid };
    expect((await guess(bob)).status).not.toBe(429);
    // The same subject in another tenant is another user.
    expect((await guess({ sub: 'alice', tid: 'b0b0b0b0-2222-4c3e-8f9a-0b1c2d3e4f51' })).status).not.toBe(429);
    expect((await guess(alice)).status).toBe(429);
  });
});

@Controller('probe')
class AnonymousProbeController {
  /** What the platform offers a route that needs no token (none of the services has one yet). */
  @Get()
  @Public()
  @RateLimited()
  answer(): { ok: true } {
    return { ok: true };
  }
}

@Module({})
class AnonymousProbeModule {
  static register(config: BaseConfig): DynamicModule {
    return { module: AnonymousProbeModule, imports: [PlatformModule.forRoot(config)], controllers: [AnonymousProbeController] };
  }
}

describe.each([
  { trustProxy: '', forwardedAddressCounts: false },
  { trustProxy: '127.0.0.1', forwardedAddressCounts: true },
])('Rate limits per client address, TRUST_PROXY="$trustProxy"', ({ trustProxy, forwardedAddressCounts }) => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const env = {
      MONGODB_URI: 'mongodb://127.0.0.1:1/unused',
      AMQP_URL: 'amqp://nobody:unused@127.0.0.1:1',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: String(BUDGET),
      TRUST_PROXY: trustProxy,
    };
    const config: BaseConfig = { ...loadConfig(baseConfigSchema, env), SERVICE_NAME: 'probe', PORT: 0 };
    app = await createTestApp(AnonymousProbeModule.register(config), config);
  });

  afterAll(async () => {
    await app?.close();
  });

  const probe = (forwardedFor: string) => request(app.getHttpServer()).get('/api/v1/probe').set('x-forwarded-for', forwardedFor);

  it(forwardedAddressCounts ? 'counts the forwarded client address' : 'counts the peer address, not the one the client claims', async () => {
    for (let attempt = 0; attempt < BUDGET; attempt++) expect((await probe('203.0.113.7')).status).toBe(200);
    expect((await probe('203.0.113.7')).status).toBe(429);
    // Another client behind the trusted proxy has its own budget; without a trusted proxy, the
    // header is the client's own claim and changes nothing.
    const otherClient = await probe('192.0.2.44');
    expect({ status: otherClient.status, body: otherClient.body }).toEqual(
      forwardedAddressCounts ? { status: 200, body: { ok: true } } : { status: 429, body: expect.objectContaining({ code: 'RATE_LIMITED' }) },
    );
  });
});
