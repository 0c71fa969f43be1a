// Sign-in through an OpenID provider in a real browser: a local oidc-provider (its development
// login and consent pages) issues RS256 JWT access tokens for the services' audience; the
// workspace service verifies them by the provider's JWKS; the console signs in with
// authorization code + PKCE (oidc-client-ts) and calls the API with the provider's token.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page, Request } from 'playwright-core';
import { createPinoLogger } from '@support-hub/platform';
import { person } from '../../test/support/system-client';
import { freePort, SystemUnderTest } from '../../test/support/system-under-test';
import { loadGatewayConfig } from '../../services/gateway/src/config/gateway.config';
import { buildGateway } from '../../services/gateway/src/gateway.server';
import { CHROMIUM, expectAccessible, launchChromium } from './support/console-browser';
import { LocalOidcProvider } from './support/local-oidc-provider';

const { buildConsole } = require('../build') as { buildConsole(options?: { quiet?: boolean }): string };

// A resource indicator (RFC 8707) is an absolute URI: the audience the services accept.
const AUDIENCE = 'api://support-hub-console-test';
const claimsOf = (jwt: string, part = 1) => JSON.parse(Buffer.from(jwt.split('.')[part], 'base64url').toString()) as Record<string, unknown>;

// Where CI requires the browser (CONSOLE_BROWSER_REQUIRED=1), a missing one fails instead of skipping.
(existsSync(CHROMIUM) || process.env.CONSOLE_BROWSER_REQUIRED === '1' ? describe : describe.skip)('the console signs in through an OpenID provider (Chromium)', () => {
  let provider: LocalOidcProvider;
  let system: SystemUnderTest;
  let gateway: FastifyInstance;
  let browser: Browser;
  let base: string;
  const clientId = 'support-hub-console';
  const member = person('Bob', randomUUID());
  const admin = person('Ada', member.tenantId);

  beforeAll(async () => {
    const staticDir = buildConsole({ quiet: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    provider = await LocalOidcProvider.start({
      clientId,
      redirectUri: `${base}/sign-in/callback`,
      postLogoutRedirectUri: `${base}/sign-in`,
      audience: AUDIENCE,
      people: {
        [member.id]: { name: member.name, email: member.email, tid: member.tenantId, roles: [] },
        // Global Administrator as Entra sends it: a role template id in `wids`, no `roles`.
        [admin.id]: { name: admin.name, email: admin.email, tid: admin.tenantId, wids: ['62e90394-69f5-4237-9190-012177145e10'] },
      },
    });
    // Only the workspace service: enough to show the services accept the provider's tokens.
    const auth = { AUTH_JWKS_URI: provider.jwksUri, AUTH_ISSUER: provider.issuer, AUTH_AUDIENCE: AUDIENCE };
    system = await SystemUnderTest.start({ invitation: 0, case: 0, access: 0 }, auth);
    const nowhere = 'http://127.0.0.1:9';
    gateway = await buildGateway(
      loadGatewayConfig({
        WORKSPACE_URL: system.url('workspace'),
        INVITATION_URL: nowhere,
        CASE_URL: nowhere,
        ACCESS_URL: nowhere,
        CONSOLE_DIST_DIR: staticDir,
        VENDOR_TENANT_ID: system.vendorTenantId,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: clientId,
        OIDC_SCOPE: 'openid profile email api',
        ...auth,
      }),
      createPinoLogger('gateway', 'silent'),
    );
    await gateway.listen({ host: '127.0.0.1', port });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await system?.stop();
    await provider?.stop();
  }, 60_000);

  /**
   * A person's browser. It enforces the console's Content-Security-Policy (the provider's origin
   * must be allowed for fetch) unless bypassed, which only axe-core's injected script needs.
   */
  async function strictBrowser({ bypassCSP = false } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP });
    context.setDefaultTimeout(20_000);
    return context.newPage();
  }

  async function signInAtProvider(page: Page, login: string): Promise<void> {
    await page.getByRole('button', { name: 'Continue to sign-in' }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('offers no development sign-in with an identity provider configured', async () => {
    expect((await fetch(`${base}/dev/people`)).status).toBe(404);
    expect((await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    const page = await strictBrowser({ bypassCSP: true });
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Sign in with your organisation' }).waitFor();
    expect(await page.getByRole('button', { name: /Act as/ }).count()).toBe(0);
    expect(await page.getByLabel('Access token').count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  });

  it('a member signs in at the provider (code + PKCE) and the console calls the API with the provider’s token; sign-out ends it', async () => {
    const page = await strictBrowser();
    const apiCalls: Request[] = [];
    page.on('request', (request) => request.url().includes('/api/v1/') && apiCalls.push(request));
    await page.goto(`${base}/customer`);
    await page.getByRole('heading', { name: 'Sign in with your organisation' }).waitFor();
    await signInAtProvider(page, member.id);

    await page.getByText(`Signed in as ${member.name}`).waitFor();
    // The workspaces list loaded: a 200 from the workspace service, which verified the token by the provider's keys.
    await page.getByText('You belong to no workspace yet.').waitFor();
    // Back where the person started, the code and state gone from the address bar.
    expect(page.url()).toBe(`${base}/customer`);
    const call = apiCalls.find((request) => request.url().includes('/api/v1/workspaces'))!;
    const token = (await call.allHeaders()).authorization.replace(/^Bearer /, '');
    expect(claimsOf(token, 0)).toMatchObject({ alg: 'RS256' });
    expect(claimsOf(token)).toMatchObject({ iss: provider.issuer, aud: AUDIENCE, sub: member.id, tid: member.tenantId, oid: member.id });
    expect((await call.response())!.status()).toBe(200);
    expect(apiCalls.every((request) => !request.url().includes(token))).toBe(true);
    // Kept in this tab's sessionStorage only, never in localStorage.
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as { localStorage: object }).localStorage).length)).toBe(0);
    // A reload keeps the session (the tab's sessionStorage), with the name from the ID token.
    await page.reload();
    await page.getByText(`Signed in as ${member.name}`).waitFor();
    await page.getByText('You belong to no workspace yet.').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    // The provider's own session ends too (its sign-out confirmation), then back to the console.
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByRole('button', { name: /sign me out/i }).click();
    await page.waitForURL(`${base}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in with your organisation' }).waitFor();
    await page.context().close();
  });

  it('a tenant administrator whose token names the directory role only as wids is offered the tenant admin screen', async () => {
    const page = await strictBrowser();
    await page.goto(`${base}/`);
    await signInAtProvider(page, admin.id);
    await page.getByText(`Signed in as ${admin.name}`).waitFor();
    await page.getByRole('link', { name: 'Tenant admin' }).waitFor();
    await page.context().close();
  });
});
