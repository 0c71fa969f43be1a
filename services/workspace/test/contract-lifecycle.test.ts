// Contracts through their whole life, through HTTP and the bus: my contracts (?status=, pages),
// PATCH by the account team (term, services, contacts, team), contract.created/updated/expired,
// expiry at endsAt (at once on read; the sweep publishes contract.expired), what expiry refuses
// here and in the invitation service (409 CONTRACT_EXPIRED), and renewal.
import { randomUUID } from 'node:crypto';
import { eventually } from '@support-hub/testing';
import { EventTap } from '../../access/test/support/event-tap';
import { ContractLifecycleSweeper } from '../src/contract-lifecycle/contract-lifecycle.sweeper';
import { contractBody, HubHarness, person, VENDOR_TENANT, type TestUser } from './support/hub.harness';

const DAY = 86_400_000;

describe('Contract lifecycle', () => {
  let hub: HubHarness;
  let tap: EventTap;
  const csam = person('Carla CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT, email: `carla-${randomUUID().slice(0, 6)}@vendor.example` });
  const coordinator = person('Andy AC', { roles: ['account-coordinator'], tenantId: VENDOR_TENANT });
  const otherCsam = person('Oscar CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });

  beforeAll(async () => {
    // The sweep is driven by the tests (sweep()); its own timer stays out of the way.
    hub = await HubHarness.start({ workspace: { CONTRACT_SWEEP_INTERVAL_MS: '3600000' } });
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['contract.created', 'contract.updated', 'contract.expired']);
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const api = (user: TestUser) => ({
    post: (path: string, body?: object) => hub.workspace().post(`/api/v1${path}`).set('authorization', hub.bearer(user)).send(body),
    get: (path: string) => hub.workspace().get(`/api/v1${path}`).set('authorization', hub.bearer(user)),
    patch: (path: string, body: object) => hub.workspace().patch(`/api/v1${path}`).set('authorization', hub.bearer(user)).send(body),
  });
  const sweep = () => hub.workspaceApp.get(ContractLifecycleSweeper).sweep();
  /** A contract that started ten days ago, so its term can be ended now with a PATCH (endsAt stays after startsAt). */
  const running = async (admin: TestUser, overrides: Record<string, unknown> = {}) =>
    hub.activeContract(csam, admin, [], { startsAt: new Date(Date.now() - 10 * DAY).toISOString(), accountCoordinatorId: coordinator.id, ...overrides });

  it('lists my contracts only, by status as of now, page by page; contract.created is published', async () => {
    const mine = await api(csam).post('/contracts', contractBody({}, { admin: person('Lia List') })).expect(201);
    const { contractId: activeId } = await running(person('Ana Active'));
    await api(otherCsam).post('/contracts', contractBody({}, { admin: person('Not Mine') })).expect(201);

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await api(csam).get(`/contracts?limit=1${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      all.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toEqual(expect.arrayContaining([mine.body.id, activeId]));
    const drafts = (await api(csam).get('/contracts?status=draft&limit=100').expect(200)).body.items.map((item: { id: string }) => item.id);
    expect(drafts).toContain(mine.body.id);
    expect(drafts).not.toContain(activeId);
    expect((await api(csam).get('/contracts?status=active&limit=100').expect(200)).body.items.map((item: { id: string }) => item.id)).toContain(activeId);
    expect((await api(otherCsam).get('/contracts?limit=100').expect(200)).body.items.map((item: { id: string }) => item.id)).not.toContain(mine.body.id);

    const created = await eventually(() => tap.of('contract.created', (event) => event.data.contractId === mine.body.id)[0], { what: 'contract.created' });
    expect(created).toMatchObject({ source: 'workspace', data: { status: 'draft', csamId: csam.id, workspaceIds: [], revision: 1 } });
    // The creator's name and email are how customers reach them.
    expect(mine.body.csam).toEqual({ email: csam.email, name: csam.name });

    const customer = await api(person('Customer')).get('/contracts').expect(403);
    expect(customer.body.code).toBe('ROLE_REQUIRED');
    await api(csam).get('/contracts?status=cancelled').expect(400);
    await api(csam).get('/contracts?status[$ne]=draft').expect(400);
    await api(csam).get('/contracts?limit=1000').expect(400);
    // Unknown query parameters (cache-busters) are ignored, operator keys refused (docs/http-api.md).
    await api(csam).get('/contracts?owner=me').expect(200);
  });

  it('PATCH by its CSAM/AC: renew, add services, change contacts and the team; contract.updated says what changed', async () => {
    const { contractId, workspaceId } = await running(person('Pat Patch'));
    const before = (await api(csam).get(`/contracts/${contractId}`).expect(200)).body;
    const renewed = new Date(Date.parse(before.endsAt) + 365 * DAY).toISOString();
    const patched = await api(coordinator)
      .patch(`/contracts/${contractId}`, { endsAt: renewed, services: [...before.services, 'security-assessment'], supportContacts: [{ email: 'Zoe@Contoso.com', name: 'Zoe' }] })
      .expect(200);
    expect(patched.body).toMatchObject({ endsAt: renewed, status: 'active', supportContacts: [{ email: 'zoe@contoso.com', name: 'Zoe' }], revision: before.revision + 1 });
    expect(patched.body.services).toEqual([...before.services, 'security-assessment']);
    const updated = await eventually(() => tap.of('contract.updated', (event) => event.data.contractId === contractId)[0], { what: 'contract.updated' });
    expect(updated.data).toMatchObject({ changed: ['endsAt', 'services', 'supportContacts'], reactivated: false, workspaceIds: [workspaceId], endsAt: renewed });
    // A service bought later can now be added to a workspace.
    await api(csam).post(`/workspaces/${workspaceId}/services`, { services: ['security-assessment'] }).expect(200);

    const removal = await api(csam).patch(`/contracts/${contractId}`, { services: ['security-assessment'] }).expect(422);
    expect(removal.body.code).toBe('SERVICE_REMOVAL_NOT_SUPPORTED');
    const backwards = await api(csam).patch(`/contracts/${contractId}`, { endsAt: new Date(Date.parse(before.startsAt) - DAY).toISOString() }).expect(400);
    expect(backwards.body.code).toBe('CONTRACT_TERM_INVALID');
    // A slot is handed over, never emptied (bodies carry no nulls).
    await api(csam).patch(`/contracts/${contractId}`, { csamId: null }).expect(400);
    await api(csam).patch(`/contracts/${contractId}`, { customerName: 'Renamed' }).expect(400);
    await api(csam).patch(`/contracts/${contractId}`, { endsAt: { $gt: '' } }).expect(400);
    await api(csam).patch(`/contracts/${contractId}`, { services: 'all' }).expect(400);
    await api(csam).patch('/contracts/not-a-uuid', { endsAt: renewed }).expect(400);
    // Someone else's contract, or none: not confirmable.
    expect((await api(otherCsam).patch(`/contracts/${contractId}`, { endsAt: renewed }).expect(404)).body.code).toBe('CONTRACT_NOT_FOUND');
    await api(person('Ada', { roles: [] })).patch(`/contracts/${contractId}`, { endsAt: renewed }).expect(404);
    await api(csam).patch(`/contracts/${randomUUID()}`, { endsAt: renewed }).expect(404);

    // Handing the CSAM slot over: the new CSAM manages the contract and its workspaces, the former one nothing.
    const newCsam = person('Nina New CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
    const handed = await api(csam).patch(`/contracts/${contractId}`, { csamId: newCsam.id, csam: { email: 'nina@vendor.example', name: 'Nina' } }).expect(200);
    expect(handed.body).toMatchObject({ csamId: newCsam.id, csam: { email: 'nina@vendor.example', name: 'Nina' } });
    await api(newCsam).get(`/contracts/${contractId}`).expect(200);
    await api(newCsam).get(`/workspaces/${workspaceId}`).expect(200);
    await api(csam).get(`/contracts/${contractId}`).expect(404);
    await api(csam).get(`/workspaces/${workspaceId}`).expect(404);
    // …in the invitation service too, once it has the contract.updated.
    await eventually(async () => (await hub.invitation().get(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(newCsam))).status === 200, {
      what: 'the invitation service to know the new CSAM',
    });
    await hub.invitation().get(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(csam)).expect(404);
  });

  it('expires at endsAt: expired on read at once, contract.expired from the sweep, nothing new starts, history stays readable; a renewal reactivates it', async () => {
    const admin = person('Eve Expiry');
    const { contractId, workspaceId } = await running(admin);
    await hub.awaitInvitationRights(csam, workspaceId);
    const pending = await hub.invitation().post(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(csam)).send({ email: 'late@contoso.com', role: 'member' }).expect(201);
    const late = person('Lou Late', { email: 'late@contoso.com' });
    const mail = await hub.nextMailTo(late.email);

    // The account team ends the term now (shortened to an hour ago).
    const ended = await api(csam).patch(`/contracts/${contractId}`, { endsAt: new Date(Date.now() - 3600_000).toISOString() }).expect(200);
    expect(ended.body).toMatchObject({ status: 'expired', daysRemaining: 0 });
    expect((await api(csam).get(`/contracts?status=expired&limit=100`).expect(200)).body.items.map((item: { id: string }) => item.id)).toContain(contractId);

    // Here, at once: no new workspaces or services.
    const workspace = await api(csam).post(`/contracts/${contractId}/workspaces`, { name: 'Late', purpose: '', adminEmail: 'x@contoso.com' }).expect(409);
    expect(workspace.body.code).toBe('CONTRACT_EXPIRED');
    expect((await api(csam).post(`/workspaces/${workspaceId}/services`, { services: ['workshops'] }).expect(409)).body.code).toBe('CONTRACT_EXPIRED');
    // The invitation service, from contract.updated: no invitations, resends or acceptances.
    await eventually(
      async () => (await hub.invitation().post(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(csam)).send({ email: 'new@contoso.com', role: 'member' })).status === 409,
      { what: 'the invitation service to refuse invitations under the ended contract' },
    );
    const invite = await hub.invitation().post(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(csam)).send({ email: 'new2@contoso.com', role: 'member' }).expect(409);
    expect(invite.body.code).toBe('CONTRACT_EXPIRED');
    await hub.invitation().post(`/api/v1/invitations/${pending.body.id}/resend`).set('authorization', hub.bearer(csam)).expect(409);
    const accept = await hub.invitation().post('/api/v1/invitations/accept').set('authorization', hub.bearer(late)).send({ token: mail.token }).expect(409);
    expect(accept.body.code).toBe('CONTRACT_EXPIRED');

    // History stays readable, and Customer Activity says the contract is over.
    await api(admin).get(`/workspaces/${workspaceId}`).expect(200);
    await api(admin).get(`/workspaces/${workspaceId}/members`).expect(200);
    const activity = await api(admin).get(`/activity?workspaces=${workspaceId}`).expect(200);
    expect(activity.body.workspaces[0].contract).toMatchObject({ id: contractId, status: 'expired', daysRemaining: 0 });

    // The sweep records it and publishes contract.expired once, with the contract's workspaces.
    expect((await sweep()).expired).toBeGreaterThanOrEqual(1);
    await sweep();
    const expired = await eventually(() => tap.of('contract.expired', (event) => event.data.contractId === contractId)[0], { what: 'contract.expired' });
    expect(expired.data).toMatchObject({ status: 'expired', workspaceIds: [workspaceId] });
    expect(tap.of('contract.expired', (event) => event.data.contractId === contractId)).toHaveLength(1);

    // Renewal: the term extended past now brings it back.
    const renewed = await api(csam).patch(`/contracts/${contractId}`, { endsAt: new Date(Date.now() + 90 * DAY).toISOString() }).expect(200);
    expect(renewed.body).toMatchObject({ status: 'active', daysRemaining: 90 });
    const reactivation = await eventually(() => tap.of('contract.updated', (event) => event.data.contractId === contractId && event.data.reactivated)[0], { what: 'the reactivation' });
    expect(reactivation.data).toMatchObject({ status: 'active', changed: ['endsAt'] });
    await api(csam).post(`/workspaces/${workspaceId}/services`, { services: ['workshops'] }).expect(200);
    await eventually(
      async () => (await hub.invitation().post(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(csam)).send({ email: 'back@contoso.com', role: 'member' })).status === 201,
      { what: 'invitations again after the renewal' },
    );
  });

  it('Customer Activity shows what customers use: the account team, the contacts, the services, the term and days left', async () => {
    const admin = person('Cleo Contract');
    const { contractId, workspaceId } = await running(admin, { accountCoordinator: { email: 'andy@vendor.example', name: 'Andy' } });
    const activity = await api(admin).get(`/activity?workspaces=${workspaceId}`).expect(200);
    const contract = (await api(csam).get(`/contracts/${contractId}`).expect(200)).body;
    expect(activity.body.workspaces[0].contract).toEqual({
      id: contractId,
      customerName: 'Contoso Ltd',
      type: 'unified',
      status: 'active',
      startsAt: contract.startsAt,
      endsAt: contract.endsAt,
      daysRemaining: contract.daysRemaining,
      csam: { email: csam.email, name: csam.name },
      accountCoordinator: { email: 'andy@vendor.example', name: 'Andy' },
      supportContacts: [],
      services: ['reactive-support', 'proactive-assessments', 'workshops'],
    });
    expect(contract.daysRemaining).toBeGreaterThan(300);
  });
});
