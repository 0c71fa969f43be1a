// The console in a real browser (Debian's headless Chromium driven by playwright-core) against
// the real system: the four services as processes over the machine's RabbitMQ, the built
// bundle served by the API gateway as under `npm start` (there on :8080; here on a free port).
// Each person uses their own browser context, as people use their own browsers. Waits are Playwright's auto-waiting for visible state, or probes.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createConnection } from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import { createPinoLogger } from '@support-hub/platform';
import { eventually, TEST_AUDIENCE, TEST_ISSUER } from '@support-hub/testing';
import { expectStatus, inParallel, listAll, person, SystemClient, VENDOR_TENANT, type Person } from '../../test/support/system-client';
import { freePort, SystemUnderTest } from '../../test/support/system-under-test';
import { loadGatewayConfig } from '../../services/gateway/src/config/gateway.config';
import { buildGateway } from '../../services/gateway/src/gateway.server';
import { accessRequestLink, Browsers, CHROMIUM, expectAccessible, hasFocus, invitationLink as newestLink, itemNamed, launchChromium, refreshUntilVisible } from './support/console-browser';

const { buildConsole } = require('../build') as { buildConsole(options?: { quiet?: boolean }): string };

const chromiumPresent = existsSync(CHROMIUM);
// CI installs chromium (.ci/run) and sets this: there, a missing browser fails instead of skipping.
const browserRequired = process.env.CONSOLE_BROWSER_REQUIRED === '1';
const SKIP_REASON = `${CHROMIUM} is absent: install it with \`apt-get install -y chromium\` to run the console's browser tests`;
if (!chromiumPresent && !browserRequired) process.stderr.write(`console browser tests SKIPPED: ${SKIP_REASON}\n`);

describe('the console needs a browser', () => {
  (chromiumPresent || !browserRequired ? it.skip : it)(`fails when CONSOLE_BROWSER_REQUIRED=1 and ${CHROMIUM} is absent`, () => {
    throw new Error(SKIP_REASON);
  });
});

(chromiumPresent ? describe : describe.skip)(`the console in Chromium${chromiumPresent ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let system: SystemUnderTest;
  let server: FastifyInstance;
  let base: string;
  let browser: Browser;
  const browsers = new Browsers(() => browser);
  const browserOf = (width?: 'laptop' | 'phone') => browsers.browserOf(width);
  const onFailureScreenshots = (name: string, test: () => Promise<void>) => browsers.onFailureScreenshots(name, test);
  const invitationLink = (to: Person, atLeast?: number) => newestLink(system.mailDir, to, atLeast);

  // One customer tenant and its people, the vendor's staff; unique per run.
  const tenant = randomUUID();
  const csam = person('Carla', VENDOR_TENANT, ['csam']);
  const manager = person('Max', VENDOR_TENANT, ['support-manager']);
  const engineer = person('Erin', VENDOR_TENANT, ['support-engineer']);
  const admin = person('Ada', tenant, ['Global Administrator']);
  const member = person('Bob', tenant);

  beforeAll(async () => {
    const staticDir = buildConsole({ quiet: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    system = await SystemUnderTest.start({}, { RATE_LIMIT_PER_MINUTE: '100000', INVITATION_ACCEPT_URL: `${base}/invitations/accept` });
    server = await gatewayOf(staticDir, { AUTH_DEV_KEY_FILE: system.keyFile });
    await server.listen({ host: '127.0.0.1', port });
    browser = await launchChromium();
  }, 180_000);

  /** The gateway in front of the system, serving the console; the development sign-in on its key. */
  function gatewayOf(consoleDir: string, env: Record<string, string>): Promise<FastifyInstance> {
    const config = loadGatewayConfig({
      WORKSPACE_URL: system.url('workspace'),
      INVITATION_URL: system.url('invitation'),
      CASE_URL: system.url('case'),
      ACCESS_URL: system.url('access'),
      CONSOLE_DIST_DIR: consoleDir,
      AUTH_ISSUER: TEST_ISSUER,
      AUTH_AUDIENCE: TEST_AUDIENCE,
      VENDOR_TENANT_ID: system.vendorTenantId,
      ...env,
    });
    return buildGateway(config, createPinoLogger('gateway', 'silent'));
  }

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await system?.stop();
  }, 60_000);

  async function signIn(page: Page, who: Person, path = '/'): Promise<void> {
    await page.goto(`${base}${path}`);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(who.name);
    await page.getByLabel('Email', { exact: true }).fill(who.email);
    await page.getByLabel('User id (sub)').fill(who.id);
    await page.getByLabel('Directory tenant id (tid)').fill(who.tenantId);
    await page.getByLabel('Roles').fill(who.roles.join(','));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText(`Signed in as ${who.name}`).waitFor();
  }

  async function acceptInvitation(page: Page, who: Person, role: 'admin' | 'member'): Promise<void> {
    const link = await invitationLink(who);
    expect(link.startsWith(`${base}/invitations/accept?token=`)).toBe(true);
    await signIn(page, who, link.slice(base.length));
    await page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    // The token left the address bar once read.
    expect(page.url()).toBe(`${base}/invitations/accept`);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.getByText(`You joined the workspace as ${role === 'admin' ? 'its administrator' : 'a member'}`).waitFor();
  }

  let managerPage: Page;

  /** The support manager registers an engineer in the console (the manager's screen is open). */
  async function registerEngineer(who: Person, expertise: string): Promise<void> {
    await managerPage.getByText('Register an engineer').click();
    await managerPage.getByLabel('User id').fill(who.id);
    await managerPage.getByLabel('Name', { exact: true }).fill(who.name);
    await managerPage.getByLabel('Email').fill(who.email);
    await managerPage.getByLabel('Expertise').fill(expertise);
    await managerPage.getByRole('button', { name: 'Register engineer' }).click();
    await itemNamed(managerPage, 'Engineers', who.name).waitFor();
  }

  /** The engineer opens a case assigned to them (the assignment arrives with case events) and works on it. */
  async function workOnCase(title: string): Promise<void> {
    const theCase = itemNamed(engineerPage, 'My cases', title);
    await refreshUntilVisible(engineerPage, 'my cases', theCase, `“${title}” among the engineer\u2019s cases`);
    await theCase.getByRole('button', { name: 'Work on this case' }).click();
  }

  /**
   * The engineer files an access request on the case open on their screen. The access service
   * learns of the case from case events; until then it answers CASE_NOT_FOUND, and the engineer
   * tries again (the form keeps its values).
   */
  async function fileAccessRequest(justification: string, hours?: string): Promise<void> {
    await engineerPage.getByLabel('Why you need access').fill(justification);
    if (hours) await engineerPage.getByLabel('For how many hours (optional)').fill(hours);
    const filed = engineerPage.getByRole('list', { name: 'My access requests' }).getByText('pending');
    await eventually(
      async () => {
        await engineerPage.getByRole('button', { name: 'File access request' }).click();
        return filed.waitFor({ timeout: 1000 }).then(() => true, () => false);
      },
      { timeoutMs: 30_000, intervalMs: 0, what: 'the access request filed' },
    );
  }

  /** The requests an administrator's screen lists in `list`, told apart by the engineer's justification. */
  const requestIn = (page: Page, list: 'Pending access requests' | 'Access requests of your tenant', justification: string) =>
    page.getByRole('list', { name: list, exact: true }).getByRole('listitem').filter({ hasText: justification });
  let csamPage: Page;
  let adminPage: Page;
  let memberPage: Page;
  let engineerPage: Page;

  it('a support manager registers the engineer, a CSAM activates a contract, and its people accept their emailed invitations', () =>
    onFailureScreenshots('setup', async () => {
      managerPage = await browserOf();
      await signIn(managerPage, manager);
      await managerPage.getByRole('heading', { name: 'Engineers and the unassigned queue', level: 1 }).waitFor();
      await managerPage.getByText('No engineer is registered.').waitFor();
      await registerEngineer(engineer, 'identity');
      await expectAccessible(managerPage);

      csamPage = await browserOf();
      await signIn(csamPage, csam);
      await csamPage.getByRole('heading', { name: 'Contracts and workspaces', level: 1 }).waitFor();
      await csamPage.getByLabel('Customer name').fill('Contoso');
      await csamPage.getByLabel('Customer tenant id').fill(tenant);
      await csamPage.getByLabel("Service administrator's name").fill(admin.name);
      await csamPage.getByLabel("Service administrator's email").fill(admin.email);
      await csamPage.getByLabel("Support contact's name (optional)").fill(member.name);
      await csamPage.getByLabel("Support contact's email (optional)").fill(member.email);
      await csamPage.getByRole('button', { name: 'Create contract' }).click();
      const contract = itemNamed(csamPage, 'Contracts', /Contoso/);
      await contract.getByText('draft').waitFor();
      await contract.getByRole('button', { name: 'Activate' }).click();
      await contract.getByText('active', { exact: true }).waitFor();
      await contract.getByText('Default workspace').waitFor();
      // The personal-account policy of the new default workspace, switched and switched back.
      const workspace = itemNamed(csamPage, 'Workspaces of my contracts', /Default/);
      await refreshUntilVisible(csamPage, 'workspaces of my contracts', workspace, 'the default workspace among the CSAM\u2019s');
      const policy = workspace.getByRole('switch', { name: 'Personal Microsoft accounts may join' });
      const allowed = await policy.isChecked();
      for (const expected of [!allowed, allowed]) {
        await policy.click();
        await workspace.getByText(expected ? 'On: an invitation may be accepted with a personal account' : "Off: only accounts of the customer's organisation").waitFor();
        expect(await policy.isChecked()).toBe(expected);
      }
      await expectAccessible(csamPage);

      adminPage = await browserOf();
      await acceptInvitation(adminPage, admin, 'admin');
      // The member is on a phone.
      memberPage = await browserOf('phone');
      await acceptInvitation(memberPage, member, 'member');
      await expectAccessible(memberPage);
    }));

  it('the customer opens a case with consent; the engineer sees it and reads diagnostics; closing the case ends the access and the read is refused', () =>
    onFailureScreenshots('consent-story', async () => {
      await memberPage.getByRole('link', { name: 'My workspaces', exact: true }).click();
      // The membership arrives with invitation.accepted at the workspace service.
      await refreshUntilVisible(memberPage, 'my workspaces', itemNamed(memberPage, 'My workspaces', /Default/), 'the default workspace in My workspaces');
      await memberPage.getByText('No case has been opened in this workspace.').waitFor();
      await memberPage.getByLabel('Title').fill('Sign-in failures');
      await memberPage.getByLabel('Product area').fill('identity');
      await memberPage.getByLabel('Severity').selectOption('B');
      await memberPage.getByLabel('What is happening').fill('Users cannot sign in since this morning.');
      const consent = memberPage.getByRole('switch', { name: 'Allow advanced diagnostics' });
      await memberPage.getByText('Off: nobody reads your tenant').waitFor();
      await consent.check();
      await memberPage.getByText("On: the engineer assigned to this case may read your tenant's diagnostic data").waitFor();
      await memberPage.getByRole('button', { name: 'Open case' }).click();
      await memberPage.getByText('Case “Sign-in failures” opened').waitFor();
      await itemNamed(memberPage, 'Cases', 'Sign-in failures').getByText('Advanced diagnostics: allowed.').waitFor();
      await expectAccessible(memberPage);

      engineerPage = await browserOf();
      await signIn(engineerPage, engineer);
      await engineerPage.getByRole('heading', { name: 'Your cases', level: 1 }).waitFor();
      await workOnCase('Sign-in failures');
      const allowed = engineerPage.getByText("You may read this tenant's diagnostic data now (the customer's consent)");
      // The consent grant is made by the access service when it handles case.opened.
      await eventually(
        async () => {
          if (await allowed.isVisible()) return true;
          await engineerPage.getByRole('button', { name: 'Check again' }).click();
          return allowed.waitFor({ timeout: 1000 }).then(() => true, () => false);
        },
        { timeoutMs: 30_000, intervalMs: 0, what: 'the engineer may read by consent' },
      );
      await engineerPage.getByRole('button', { name: 'Read sign-in records' }).click();
      const records = engineerPage.getByRole('region', { name: 'Sign-in records' });
      await records.waitFor();
      expect(await records.getByRole('row').count()).toBeGreaterThan(1);
      await expectAccessible(engineerPage);

      await engineerPage.getByRole('button', { name: 'Close case…' }).click();
      await engineerPage.getByRole('button', { name: 'Close case', exact: true }).click();
      await engineerPage.getByText('Closing a case ends every access').waitFor();
      // The page asks again until the access service has ended the grant (case.closed).
      await engineerPage.getByText("You may not read this tenant's diagnostic data now.").waitFor({ timeout: 30_000 });
      await engineerPage.getByRole('list', { name: 'My access on this case' }).getByText('(case-closed)').waitFor({ timeout: 30_000 });
      await engineerPage.getByRole('button', { name: 'Read sign-in records' }).click();
      await engineerPage.getByRole('alert').filter({ hasText: 'ACCESS_NOT_GRANTED' }).waitFor();
      expect(await engineerPage.getByRole('region', { name: 'Sign-in records' }).count()).toBe(0);
    }));

  it('without consent the engineer asks; the tenant admin approves in the console; the engineer reads; the audit trail shows it; removing the access ends it', () =>
    onFailureScreenshots('approval-story', async () => {
      await memberPage.getByLabel('Title').fill('Mailbox sync');
      await memberPage.getByLabel('Product area').fill('identity');
      await memberPage.getByLabel('What is happening').fill('Mail does not sync.');
      await memberPage.getByRole('button', { name: 'Open case' }).click();
      await memberPage.getByText('Case “Mailbox sync” opened').waitFor();
      await itemNamed(memberPage, 'Cases', 'Mailbox sync').getByText('Advanced diagnostics: not allowed.').waitFor();

      await workOnCase('Mailbox sync');
      await engineerPage.getByText("You may not read this tenant's diagnostic data now.").waitFor();
      await engineerPage.getByText('You have not asked for access on this case.').waitFor();
      await fileAccessRequest('Need the sign-in logs of the failing users', '4');

      // The approver follows the email's link: the screen opens with that request marked and focused.
      await adminPage.goto(await accessRequestLink(system.mailDir, admin, 'admin'));
      await adminPage.getByRole('heading', { name: 'Support access of your tenant', level: 1 }).waitFor();
      const request = requestIn(adminPage, 'Pending access requests', 'Need the sign-in logs of the failing users');
      await request.getByText('from your email').waitFor();
      await hasFocus(request);
      await request.getByText('4 hours').waitFor();
      await expectAccessible(adminPage);
      // Approved for 2 of the 4 hours asked: the access ends 2 hours after it began.
      await request.getByLabel('Approve for fewer hours (optional)').fill('2');
      await request.getByRole('button', { name: 'Approve' }).click();
      await adminPage.getByText('No access request is waiting for your tenant.').waitFor();
      const grant = adminPage.getByRole('list', { name: 'Live access' }).getByRole('listitem').filter({ hasText: engineer.id });
      await refreshUntilVisible(adminPage, 'live access', grant, 'the approved access among the live access');
      await grant.getByText('(2 hours after it began)').waitFor();

      // Customer Activity counts the access (from access.granted) beside the contract.
      await adminPage.getByRole('link', { name: 'Customer Activity' }).click();
      await adminPage.getByRole('heading', { name: 'Customer Activity', level: 1 }).waitFor();
      const together = adminPage.getByRole('region', { name: 'All your workspaces together' });
      await together.getByRole('list', { name: 'Contracts' }).getByText('Contoso').waitFor();
      await refreshUntilVisible(adminPage, 'customer activity', together.getByText('1 open access grant'), 'the grant in Customer Activity');
      await expectAccessible(adminPage);
      await adminPage.getByLabel('Workspaces', { exact: true }).selectOption({ index: 1 });
      const one = adminPage.getByRole('region', { name: /^Workspace / });
      await one.getByText('1 open access grant').waitFor();
      await one.getByRole('list', { name: 'Contracts' }).getByText('Contoso').waitFor();
      await adminPage.getByRole('link', { name: 'Tenant admin' }).click();
      await grant.waitFor();

      // The engineer follows the approval email's link: the case opens with the request marked and focused.
      await engineerPage.goto(await accessRequestLink(system.mailDir, engineer, 'engineer'));
      const approved = engineerPage.getByRole('list', { name: 'My access requests' }).getByRole('listitem').filter({ hasText: 'from your email' });
      await approved.getByText('approved').waitFor();
      await hasFocus(approved);
      await engineerPage.getByRole('button', { name: 'Check again' }).click();
      await engineerPage.getByText("You may read this tenant's diagnostic data now (an approved request)").waitFor();
      await engineerPage.getByRole('button', { name: 'Read sign-in records' }).click();
      await engineerPage.getByRole('region', { name: 'Sign-in records' }).waitFor();

      await adminPage.getByLabel('Action').selectOption('diagnostics.read');
      const readRecord = adminPage.getByRole('region', { name: 'Audit records' }).getByRole('row').filter({ hasText: engineer.id });
      await refreshUntilVisible(adminPage, 'audit trail', readRecord.first(), 'the diagnostics read in the audit trail');
      await adminPage.getByLabel('Action').selectOption('request.approved');
      await adminPage.getByRole('region', { name: 'Audit records' }).getByRole('row').filter({ hasText: admin.id }).first().waitFor();
      await adminPage.getByLabel('Action').selectOption('');
      await expectAccessible(adminPage);

      await grant.getByRole('button', { name: 'Remove…' }).click();
      await grant.getByRole('button', { name: 'Remove access' }).click();
      await adminPage.getByText('Nobody has access to your tenant right now.').waitFor();
      await engineerPage.getByRole('button', { name: 'Read sign-in records' }).click();
      await engineerPage.getByRole('alert').filter({ hasText: 'ACCESS_NOT_GRANTED' }).waitFor();
    }));

  it('a member opens a case about another tenant\u2019s data; the administrators of both tenants approve the engineer\u2019s request; that tenant removes the access, which the filing tenant does not see', () =>
    onFailureScreenshots('cross-tenant-story', async () => {
      // Another organisation's tenant (a partner of Contoso's): its Global Administrator has no
      // workspace here; the access service lets them decide by their token's tenant.
      const partnerTenant = randomUUID();
      const partnerAdmin = person('Pia', partnerTenant, ['Global Administrator']);
      const justification = 'Need the partner tenant\u2019s sign-in logs';

      await memberPage.getByLabel('Title').fill('Partner sign-ins');
      await memberPage.getByLabel('Product area').fill('identity');
      await memberPage.getByLabel('What is happening').fill('Partner users cannot sign in to our apps.');
      const consent = memberPage.getByRole('switch', { name: 'Allow advanced diagnostics' });
      await consent.check();
      const partnerField = memberPage.getByLabel('Tenant whose data is involved, if not yours (optional)');
      // The case service refuses what is not a tenant id; the console marks the field.
      await partnerField.fill('not a tenant!');
      await memberPage.getByRole('button', { name: 'Open case' }).click();
      await memberPage.getByRole('alert').filter({ hasText: 'VALIDATION_FAILED' }).waitFor();
      expect(await partnerField.getAttribute('aria-invalid')).toBe('true');
      // Consent covers the member's own tenant only: for another tenant's data it is off and says why.
      await partnerField.fill(partnerTenant);
      await memberPage.getByText("Not for another tenant's data: your consent covers only your own tenant.").waitFor();
      expect(await consent.isDisabled()).toBe(true);
      expect(await consent.isChecked()).toBe(false);
      await expectAccessible(memberPage);
      await memberPage.getByRole('button', { name: 'Open case' }).click();
      await memberPage.getByText('Case “Partner sign-ins” opened').waitFor();
      const opened = itemNamed(memberPage, 'Cases', 'Partner sign-ins');
      await opened.getByText(`About the data of tenant ${partnerTenant}: read only through an access request approved by an administrator of each tenant.`).waitFor();
      expect(await opened.getByRole('button', { name: 'Allow advanced diagnostics' }).count()).toBe(0);
      expect(await partnerField.inputValue()).toBe('');

      await workOnCase('Partner sign-ins');
      await engineerPage.getByText("Does not apply: the data is another tenant's").waitFor();
      await fileAccessRequest(justification);
      await engineerPage.getByText('0 of 2 tenants approved').waitFor();

      // Contoso's administrator approves first (the request is Contoso's: its case).
      await adminPage.goto(`${base}/admin`);
      const atContoso = requestIn(adminPage, 'Pending access requests', justification);
      await refreshUntilVisible(adminPage, 'pending access requests', atContoso, 'the cross-tenant request at the filing tenant');
      await atContoso.getByText(partnerTenant).waitFor();
      await atContoso.getByText('0 of 2 (a cross-tenant request: each tenant approves)').waitFor();
      await atContoso.getByRole('button', { name: 'Approve' }).click();
      await atContoso.getByText("Your tenant approved; waiting for the other tenant's administrator.").waitFor();

      // One approval of two: the engineer may not read yet.
      await refreshUntilVisible(engineerPage, 'access requests', engineerPage.getByText('1 of 2 tenants approved'), 'the first approval among the engineer\u2019s requests');
      await engineerPage.getByRole('button', { name: 'Read sign-in records' }).click();
      await engineerPage.getByRole('alert').filter({ hasText: 'ACCESS_NOT_GRANTED' }).waitFor();

      // The partner's administrator, in their own browser: the request waits for their tenant.
      const partnerPage = await browserOf();
      await signIn(partnerPage, partnerAdmin);
      await partnerPage.getByRole('heading', { name: 'Support access of your tenant', level: 1 }).waitFor();
      const atPartner = requestIn(partnerPage, 'Pending access requests', justification);
      await atPartner.getByText('1 of 2 (a cross-tenant request: each tenant approves)').waitFor();
      await atPartner.getByText(`${partnerTenant} (yours)`).waitFor();
      await expectAccessible(partnerPage);
      await atPartner.getByRole('button', { name: 'Approve' }).click();
      await partnerPage.getByText('No access request is waiting for your tenant.').waitFor();

      await engineerPage.getByRole('button', { name: 'Check again' }).click();
      await engineerPage.getByText("You may read this tenant's diagnostic data now (an approved request)").waitFor();
      await engineerPage.getByRole('button', { name: 'Read sign-in records' }).click();
      await engineerPage.getByRole('region', { name: 'Sign-in records' }).waitFor();
      await expectAccessible(engineerPage);

      // The partner removes the access: the engineer's next read is refused.
      const grant = partnerPage.getByRole('list', { name: 'Live access' }).getByRole('listitem').filter({ hasText: engineer.id });
      await refreshUntilVisible(partnerPage, 'live access', grant, 'the access among the partner\u2019s live access');
      await grant.getByRole('button', { name: 'Remove…' }).click();
      await grant.getByRole('button', { name: 'Remove access' }).click();
      await partnerPage.getByText('Nobody has access to your tenant right now.').waitFor();
      await engineerPage.getByRole('button', { name: 'Read sign-in records' }).click();
      await engineerPage.getByRole('alert').filter({ hasText: 'ACCESS_NOT_GRANTED' }).waitFor();
      expect(await engineerPage.getByRole('region', { name: 'Sign-in records' }).count()).toBe(0);

      // The partner sees the request ended by the removal, and the removal in its audit trail.
      const endedAtPartner = requestIn(partnerPage, 'Access requests of your tenant', justification);
      await endedAtPartner.getByText('removed', { exact: true }).waitFor();
      await endedAtPartner.getByText('(removed)').waitFor();
      await partnerPage.getByLabel('Action').selectOption('grant.removed');
      await partnerPage.getByRole('region', { name: 'Audit records' }).getByRole('row').filter({ hasText: partnerAdmin.id }).waitFor();
      await expectAccessible(partnerPage);

      // Contoso, loading its screen after the removal, sees what the access service shows the
      // filing tenant: the request approved and not ended, no removal in its list or its audit trail.
      await adminPage.reload();
      const seenByContoso = requestIn(adminPage, 'Access requests of your tenant', justification);
      await seenByContoso.getByText('approved', { exact: true }).waitFor();
      await seenByContoso.getByText('2 of 2').waitFor();
      expect(await seenByContoso.getByText('removed').count()).toBe(0);
      expect(await seenByContoso.getByText('Ended').count()).toBe(0);
      await adminPage.getByLabel('Action').selectOption('grant.removed');
      // Contoso's own removal (the story before) is there; the partner's is not.
      await adminPage.getByRole('region', { name: 'Audit records' }).getByRole('row').filter({ hasText: admin.id }).first().waitFor();
      expect(await adminPage.getByRole('region', { name: 'Audit records' }).getByRole('row').filter({ hasText: partnerAdmin.id }).count()).toBe(0);
      await adminPage.getByLabel('Action').selectOption('');
      await expectAccessible(adminPage);
      await adminPage.getByLabel('Status', { exact: true }).selectOption('removed');
      await seenByContoso.waitFor({ state: 'detached' });
      await adminPage.getByLabel('Status', { exact: true }).selectOption('approved');
      await seenByContoso.getByText('approved', { exact: true }).waitFor();
    }));

  it('a workspace administrator invites a member, who joins; changes their role and removes them; a revoked and an expired invitation are refused', () =>
    onFailureScreenshots('members', async () => {
      const [carol, dave, eve] = [person('Carol', tenant), person('Dave', tenant), person('Eve', tenant)];
      await adminPage.getByRole('link', { name: 'Members', exact: true }).click();
      await adminPage.getByRole('heading', { name: 'Members and invitations of your workspaces', level: 1 }).waitFor();
      await itemNamed(adminPage, 'Workspaces you administer', /Default/).waitFor();
      const members = adminPage.getByRole('list', { name: 'Members' });
      const memberItem = (who: Person) => members.getByRole('listitem').filter({ hasText: who.email });
      const invitationItem = (who: Person) => adminPage.getByRole('list', { name: 'Invitations' }).getByRole('listitem').filter({ hasText: who.email });
      await memberItem(member).waitFor();
      const invite = async (who: Person) => {
        await adminPage.getByLabel('Email to invite').fill(who.email);
        await adminPage.getByRole('button', { name: 'Send invitation' }).click();
        await invitationItem(who).getByText('pending').waitFor();
      };

      /** The invitee opens the emailed link and accepts; the console shows the refusal's code. */
      const refusedAccept = async (who: Person, link: string, code: string) => {
        const page = await browserOf();
        await signIn(page, who, link.slice(base.length));
        await page.getByRole('button', { name: 'Accept invitation' }).click();
        await page.getByRole('alert').filter({ hasText: code }).waitFor();
        return page;
      };

      await invite(carol);
      await expectAccessible(adminPage);
      const carolPage = await browserOf('phone');
      await acceptInvitation(carolPage, carol, 'member');
      // The membership arrives with invitation.accepted at the workspace service.
      await refreshUntilVisible(adminPage, 'members', memberItem(carol), 'Carol among the members');
      await memberItem(carol).getByLabel('Role').selectOption('admin');
      await memberItem(carol).getByText(`${carol.email} · administrator`).waitFor();
      await memberItem(carol).getByRole('button', { name: 'Remove…' }).click();
      await memberItem(carol).getByRole('button', { name: 'Remove member' }).click();
      await memberItem(carol).waitFor({ state: 'detached' });
      await carolPage.getByRole('link', { name: 'My workspaces', exact: true }).click();
      await carolPage.getByText('You belong to no workspace yet.').waitFor();
      await expectAccessible(carolPage);

      // Sent again (a new link), then revoked: the newest link is refused as revoked.
      await invite(dave);
      await invitationLink(dave);
      await invitationItem(dave).getByRole('button', { name: 'Resend' }).click();
      const davesLink = await invitationLink(dave, 2);
      await invitationItem(dave).getByRole('button', { name: 'Revoke' }).click();
      await invitationItem(dave).getByText('revoked').waitFor();
      await refusedAccept(dave, davesLink, 'INVITATION_REVOKED');

      // No clock of the running services can be moved: the invitation's expiry is put in the past.
      await invite(eve);
      const evesLink = await invitationLink(eve);
      const database = await createConnection(system.databaseUri('invitation')).asPromise();
      try {
        await database.collection('invitations').updateOne({ email: eve.email }, { $set: { expiresAt: new Date(Date.now() - 60_000) } });
      } finally {
        await database.close();
      }
      await adminPage.getByRole('button', { name: 'Refresh invitations' }).click();
      await invitationItem(eve).getByText('expired').waitFor();
      await expectAccessible(await refusedAccept(eve, evesLink, 'INVITATION_EXPIRED'));
    }));

  it('shows refusals and empty states: a member on the admin screen and on Customer Activity (403), an unknown contract (404), a used invitation, a session that ends', () =>
    onFailureScreenshots('errors', async () => {
      await memberPage.goto(`${base}/admin`);
      await memberPage.getByRole('alert').filter({ hasText: 'Could not load pending access requests: Not allowed' }).first().waitFor();
      await memberPage.getByRole('button', { name: 'Try again' }).first().waitFor();
      // A member without the Customer Activity permission: no workspace's activity, 403 for their own.
      await memberPage.getByRole('link', { name: 'Customer Activity' }).click();
      await memberPage.getByText('You see the activity of no workspace yet.').waitFor();
      await memberPage.getByLabel('Workspaces', { exact: true }).selectOption({ index: 1 });
      await memberPage.getByRole('alert').filter({ hasText: 'ACTIVITY_PERMISSION_REQUIRED' }).waitFor();
      await expectAccessible(memberPage);
      await memberPage.getByRole('link', { name: 'Members', exact: true }).click();
      await memberPage.getByText('You administer no workspace.').waitFor();
      await expectAccessible(memberPage);
      // An unknown contract: 404 in the CSAM's console.
      await csamPage.getByLabel('Open a contract by id').fill(randomUUID());
      await csamPage.getByRole('button', { name: 'Open', exact: true }).click();
      await csamPage.getByRole('alert').filter({ hasText: 'CONTRACT_NOT_FOUND' }).waitFor();

      const again = await browserOf();
      const link = await invitationLink(admin);
      await signIn(again, admin, link.slice(base.length));
      await again.getByRole('button', { name: 'Accept invitation' }).click();
      await again.getByRole('alert').filter({ hasText: 'The invitation could not be accepted' }).waitFor();

      await again.getByRole('button', { name: 'Sign out' }).click();
      await again.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
      // An example user in one click; in a tenant with no contract, the empty state.
      await again.getByRole('button', { name: 'Act as Bob' }).click();
      await again.getByText('You belong to no workspace yet.').waitFor();
      await again.getByRole('button', { name: 'Sign out' }).click();
      await again.goto(`${base}/engineer`);
      await again.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
      expect(again.url()).toBe(`${base}/sign-in?next=${encodeURIComponent('/engineer')}`);
    }));

  it('in production there is no development sign-in: the identity provider\u2019s token is handed in', () =>
    onFailureScreenshots('production', async () => {
      const production = await gatewayOf(join(__dirname, '..', 'dist'), { NODE_ENV: 'production', AUTH_JWKS_URI: 'https://login.example.com/keys' });
      const address = await production.listen({ host: '127.0.0.1', port: 0 });
      try {
        expect((await fetch(`${address}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
        const page = await browserOf();
        await page.goto(`${address}/`);
        // Neither an identity provider nor the development key: the console says so.
        await page.getByRole('heading', { name: 'Sign-in is not configured' }).waitFor();
        expect(await page.getByRole('button', { name: /Act as/ }).count()).toBe(0);
        const token = system.token({ sub: engineer.id, email: engineer.email, name: engineer.name, tid: engineer.tenantId, roles: engineer.roles });
        await page.getByLabel('Access token').fill(token);
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await itemNamed(page, 'My cases', 'Mailbox sync').waitFor();
        // Never in the address bar.
        expect(page.url()).not.toContain(token);
      } finally {
        await production.close();
      }
    }));

  it('a support manager assigns a queued case by hand and reassigns it by id; the member follows it in My cases', () =>
    onFailureScreenshots('assignment', async () => {
      // No engineer has billing expertise: the case waits in the unassigned queue.
      await memberPage.getByRole('link', { name: 'My workspaces', exact: true }).click();
      await memberPage.getByLabel('Title').fill('Billing export');
      await memberPage.getByLabel('Product area').fill('billing');
      await memberPage.getByLabel('What is happening').fill('The invoice export is empty.');
      await memberPage.getByRole('button', { name: 'Open case' }).click();
      await memberPage.getByText('Case “Billing export” opened').waitFor();
      const mine = itemNamed(memberPage, 'Opened in any of my workspaces', 'Billing export');
      await refreshUntilVisible(memberPage, 'my cases', mine.getByText('waiting for an engineer'), 'the queued case in My cases');

      await managerPage.goto(`${base}/manager`);
      const queued = itemNamed(managerPage, 'Unassigned cases', 'Billing export');
      await refreshUntilVisible(managerPage, 'unassigned cases', queued, 'the case in the unassigned queue');
      const caseId = (await queued.locator('code').textContent())!;
      await queued.getByLabel('Engineer for Billing export').selectOption(engineer.id);
      await queued.getByRole('button', { name: 'Assign' }).click();
      await managerPage.getByText('Every open case has an engineer.').waitFor();
      await refreshUntilVisible(engineerPage, 'my cases', itemNamed(engineerPage, 'My cases', 'Billing export'), 'the assigned case among the engineer\u2019s');

      // A second engineer takes it over, reassigned by the case's id.
      const eve = person('Eve', VENDOR_TENANT, ['support-engineer']);
      await registerEngineer(eve, 'teams');
      await managerPage.getByText('Reassign a case').click();
      await managerPage.getByLabel('Case id').fill(caseId);
      await managerPage.getByLabel('Engineer', { exact: true }).selectOption(eve.id);
      await managerPage.getByRole('button', { name: 'Reassign case' }).click();
      await itemNamed(managerPage, 'Engineers', /Eve/).getByText('1 open case').waitFor();
      await expectAccessible(managerPage);
      // Reassigning to the engineer who has it already is refused, and says why.
      await managerPage.getByLabel('Case id').fill(caseId);
      await managerPage.getByLabel('Engineer', { exact: true }).selectOption(eve.id);
      await managerPage.getByRole('button', { name: 'Reassign case' }).click();
      await managerPage.getByRole('alert').filter({ hasText: 'CASE_ALREADY_ASSIGNED' }).waitFor();

      await refreshUntilVisible(memberPage, 'my cases', mine.getByText('an engineer works on it'), 'the assigned case in My cases');
      await memberPage.getByLabel('Show').selectOption('closed');
      await itemNamed(memberPage, 'Opened in any of my workspaces', 'Sign-in failures').waitFor();
      expect(await mine.count()).toBe(0);
      await expectAccessible(memberPage);
    }));

  it('the development sign-in takes directory roles as Entra sends them (wids): a tenant administrator by role template id', () =>
    onFailureScreenshots('wids', async () => {
      const page = await browserOf();
      const byWids = person('Wanda', tenant);
      await page.goto(`${base}/sign-in`);
      await page.getByLabel('Name', { exact: true }).fill(byWids.name);
      await page.getByLabel('Email', { exact: true }).fill(byWids.email);
      await page.getByLabel('User id (sub)').fill(byWids.id);
      await page.getByLabel('Directory tenant id (tid)').fill(tenant);
      await page.getByLabel('Directory role ids (wids)').fill('62e90394-69f5-4237-9190-012177145e10');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText(`Signed in as ${byWids.name}`).waitFor();
      await page.getByRole('link', { name: 'Tenant admin' }).click();
      // The access service counts the role from wids: the tenant's requests load (none pending now).
      await page.getByText('No access request is waiting for your tenant.').waitFor();
    }));

  it('a list longer than a page shows the first page and the rest on "Show more", then no more', () =>
    onFailureScreenshots('paging', async () => {
      // More engineers than one page of the manager's list (100), registered through the API in an
      // area of their own (no case of the other stories goes to them); the list is oldest first.
      const client = new SystemClient(system);
      const registered = await listAll(client, manager, 'case', '/api/v1/engineers');
      const fillers = Array.from({ length: Math.max(0, 101 - registered.length) + 1 }, (_, index) => person(`Filler ${String(index + 1).padStart(3, '0')}`, VENDOR_TENANT, ['support-engineer']));
      await inParallel(fillers, 8, (filler) =>
        client.as(manager).post('case', '/api/v1/engineers', { userId: filler.id, name: filler.name, email: filler.email, expertise: ['paging-only'] }).then((reply) => expectStatus(reply, 201, filler.name)),
      );
      const newest = fillers[fillers.length - 1];
      const page = await browserOf();
      await signIn(page, manager, '/manager');
      const engineers = page.getByRole('list', { name: 'Engineers' });
      await itemNamed(page, 'Engineers', fillers[0].name).waitFor();
      expect(await engineers.getByRole('listitem').count()).toBe(100);
      expect(await itemNamed(page, 'Engineers', newest.name).count()).toBe(0);
      await page.getByRole('button', { name: 'Show more of the engineers' }).click();
      await itemNamed(page, 'Engineers', newest.name).waitFor();
      expect(await engineers.getByRole('listitem').count()).toBe(registered.length + fillers.length);
      await page.getByRole('button', { name: 'Show more of the engineers' }).waitFor({ state: 'detached' });
      await expectAccessible(page);
      // A refresh starts again from the first page.
      await page.getByRole('button', { name: 'Refresh engineers' }).click();
      await page.getByRole('button', { name: 'Show more of the engineers' }).waitFor();
      expect(await engineers.getByRole('listitem').count()).toBe(100);
    }));
});
