// The workspace service's rules through HTTP and the bus: contract lifecycle (activation by
// hand and by the calendar, safely repeated; expiry), workspaces, settings, services, members,
// Customer Activity permissions, and idempotent handling of invitation.accepted.
import { randomUUID } from 'node:crypto';
import { Clock } from '@support-hub/platform';
import { eventually } from '@support-hub/testing';
import { ContractLifecycleSweeper } from '../src/contract-lifecycle/contract-lifecycle.sweeper';
import { contractBody, CUSTOMER_TENANT, HubHarness, person, VENDOR_TENANT, type TestUser } from './support/hub.harness';

describe('Workspace service rules', () => {
  let hub: HubHarness;
  const csam = person('Carla CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
  const coordinator = person('Andy AC', { roles: ['account-coordinator'], tenantId: VENDOR_TENANT });

  beforeAll(async () => {
    // The sweep is driven by the tests (sweep()); its own timer stays out of the way.
    hub = await HubHarness.start({ workspace: { CONTRACT_SWEEP_INTERVAL_MS: '3600000' } });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  const api = (user: TestUser) => ({
    post: (path: string, body?: object) => hub.workspace().post(`/api/v1${path}`).set('authorization', hub.bearer(user)).send(body),
    get: (path: string) => hub.workspace().get(`/api/v1${path}`).set('authorization', hub.bearer(user)),
    patch: (path: string, body: object) => hub.workspace().patch(`/api/v1${path}`).set('authorization', hub.bearer(user)).send(body),
    delete: (path: string) => hub.workspace().delete(`/api/v1${path}`).set('authorization', hub.bearer(user)),
  });

  const withClockAt = async <T>(time: Date, work: () => Promise<T>): Promise<T> => {
    const spy = jest.spyOn(hub.workspaceApp.get(Clock), 'now').mockImplementation(() => new Date(time));
    try {
      return await work();
    } finally {
      spy.mockRestore();
    }
  };

  describe('contracts', () => {
    it('only a CSAM or account coordinator creates one (403 ROLE_REQUIRED), filling their own slot', async () => {
      const admin = person('Ada');
      const refused = await api(person('Customer')).post('/contracts', contractBody({}, { admin })).expect(403);
      expect(refused.body.code).toBe('ROLE_REQUIRED');
      const byCoordinator = await api(coordinator).post('/contracts', contractBody({ csamId: csam.id }, { admin })).expect(201);
      expect(byCoordinator.body).toMatchObject({ csamId: csam.id, accountCoordinatorId: coordinator.id, status: 'draft' });
      const slot = await api(csam).post('/contracts', contractBody({ csamId: 'someone-else' }, { admin })).expect(400);
      expect(slot.body.code).toBe('CONTRACT_ROLE_SLOT_MISMATCH');
      // Both named managers see it; the creator's peers do not.
      await api(csam).get(`/contracts/${byCoordinator.body.id}`).expect(200);
      await api(person('Other CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT })).get(`/contracts/${byCoordinator.body.id}`).expect(404);
    });

    it('refuses a term that ends before it starts or is already over', async () => {
      const admin = person('Ada');
      const now = Date.now();
      const backwards = await api(csam)
        .post('/contracts', contractBody({ startsAt: new Date(now + 86_400_000).toISOString(), endsAt: new Date(now).toISOString() }, { admin }))
        .expect(400);
      expect(backwards.body.code).toBe('CONTRACT_TERM_INVALID');
      const over = await api(csam)
        .post('/contracts', contractBody({ startsAt: new Date(now - 2 * 86_400_000).toISOString(), endsAt: new Date(now - 86_400_000).toISOString() }, { admin }))
        .expect(400);
      expect(over.body.code).toBe('CONTRACT_TERM_INVALID');
      await api(csam).post('/contracts', contractBody({ type: 'enterprise' }, { admin })).expect(400);
      await api(csam).post('/contracts', contractBody({ startsAt: 'tomorrow' }, { admin })).expect(400);
      await api(csam).post('/contracts', contractBody({ serviceAdmin: { email: 'not-an-email', name: 'X' } }, { admin })).expect(400);
    });

    it('a draft activates by itself when its start date arrives, once, however many sweeps race', async () => {
      const admin = person('Sam Start');
      const contact = person('Cody Contact');
      const startsAt = new Date(Date.now() + 7 * 86_400_000);
      const created = await api(csam).post('/contracts', contractBody({ startsAt: startsAt.toISOString() }, { admin, contacts: [contact] })).expect(201);
      const sweeper = hub.workspaceApp.get(ContractLifecycleSweeper);
      // Not yet: the start date is in the future.
      await sweeper.sweep();
      expect((await api(csam).get(`/contracts/${created.body.id}`).expect(200)).body.status).toBe('draft');

      await withClockAt(new Date(startsAt.getTime() + 1000), async () => {
        // Several replicas' sweeps and a CSAM's click, all at once: one activation.
        // The click answers 200 when it wins, 409 CONTRACT_ALREADY_ACTIVE when a sweep did first.
        await Promise.all([sweeper.sweep(), sweeper.sweep(), api(csam).post(`/contracts/${created.body.id}/activate`).expect((reply) => expect([200, 409]).toContain(reply.status))]);
        await sweeper.sweep();
      });
      const contract = await api(csam).get(`/contracts/${created.body.id}`).expect(200);
      expect(contract.body).toMatchObject({ status: 'active', defaultWorkspaceId: expect.any(String) });
      await hub.acceptNextInvitation(admin, contract.body.defaultWorkspaceId);
      await hub.acceptNextInvitation(contact, contract.body.defaultWorkspaceId);
      const workspaces = await api(csam).get('/workspaces?limit=100').expect(200);
      expect(workspaces.body.items.filter((item: { contractId: string }) => item.contractId === created.body.id)).toHaveLength(1);
      const invitations = await hub.invitation().get(`/api/v1/workspaces/${contract.body.defaultWorkspaceId}/invitations`).set('authorization', hub.bearer(csam)).expect(200);
      expect(invitations.body.items).toHaveLength(2);
    });

    it('expires at its end date: no more activation or new workspaces', async () => {
      const admin = person('Ed End');
      const { contractId } = await hub.activeContract(csam, admin);
      const draft = await api(csam).post('/contracts', contractBody({}, { admin: person('Dora Draft') })).expect(201);
      const contract = await api(csam).get(`/contracts/${contractId}`).expect(200);
      const afterEnd = new Date(Date.parse(contract.body.endsAt) + 1000);
      await withClockAt(afterEnd, async () => {
        // Expired as soon as the date passes, before any sweep ran…
        expect((await api(csam).get(`/contracts/${contractId}`).expect(200)).body.status).toBe('expired');
        const refused = await api(csam).post(`/contracts/${contractId}/workspaces`, { name: 'Late', purpose: '', adminEmail: 'late@contoso.com' }).expect(409);
        expect(refused.body.code).toBe('CONTRACT_EXPIRED');
        // …and stored as expired by the sweep.
        expect((await hub.workspaceApp.get(ContractLifecycleSweeper).sweep()).expired).toBeGreaterThanOrEqual(2);
        const late = await api(csam).post(`/contracts/${draft.body.id}/activate`).expect(409);
        expect(late.body.code).toBe('CONTRACT_EXPIRED');
      });
      expect((await api(csam).get(`/contracts/${contractId}`).expect(200)).body.status).toBe('expired');
    });
  });

  describe('workspaces', () => {
    const ada = person('Ada Admin');
    const bob = person('Bob Member');
    let contractId: string;
    let workspaceId: string;

    beforeAll(async () => {
      ({ contractId, workspaceId } = await hub.activeContract(csam, ada, [bob], { accountCoordinatorId: coordinator.id }));
    });

    it('additional workspaces: CSAM/AC of the contract only, active contracts only, unique names', async () => {
      const byCoordinator = await api(coordinator).post(`/contracts/${contractId}/workspaces`, { name: 'Legal', purpose: 'Legal team', adminEmail: 'legal@contoso.com' }).expect(201);
      expect(byCoordinator.body.role).toBe('account-coordinator');
      const taken = await api(csam).post(`/contracts/${contractId}/workspaces`, { name: 'legal', purpose: '', adminEmail: 'x@contoso.com' }).expect(409);
      expect(taken.body.code).toBe('WORKSPACE_NAME_TAKEN');
      await api(ada).post(`/contracts/${contractId}/workspaces`, { name: 'Mine', purpose: '', adminEmail: ada.email }).expect(404);
      await api(person('Other CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT })).post(`/contracts/${contractId}/workspaces`, { name: 'Theirs', purpose: '', adminEmail: 'x@contoso.com' }).expect(404);
      const draft = await api(csam).post('/contracts', contractBody({}, { admin: person('Dan Draft') })).expect(201);
      const notActive = await api(csam).post(`/contracts/${draft.body.id}/workspaces`, { name: 'Early', purpose: '', adminEmail: 'x@contoso.com' }).expect(409);
      expect(notActive.body.code).toBe('CONTRACT_NOT_ACTIVE');
      await api(csam).post(`/contracts/${contractId}/workspaces`, { name: 'Bad\nName', purpose: '', adminEmail: 'x@contoso.com' }).expect(400);
    });

    it('Personal-account policy: CSAM/AC only; Unified toggles; Premier cannot turn it off', async () => {
      const byAdmin = await api(ada).patch(`/workspaces/${workspaceId}/settings`, { allowPersonalAccounts: true }).expect(403);
      expect(byAdmin.body.code).toBe('CONTRACT_MANAGER_REQUIRED');
      const on = await api(coordinator).patch(`/workspaces/${workspaceId}/settings`, { allowPersonalAccounts: true }).expect(200);
      expect(on.body.settings).toEqual({ allowPersonalAccounts: true });
      await api(csam).patch(`/workspaces/${workspaceId}/settings`, { allowPersonalAccounts: false }).expect(200);
      await api(csam).patch(`/workspaces/${workspaceId}/settings`, { allowPersonalAccounts: 'yes' }).expect(400);

      const premierAdmin = person('Pam Premier');
      const premier = await hub.activeContract(csam, premierAdmin, [], { type: 'premier' });
      const premierWorkspace = await api(csam).get(`/workspaces/${premier.workspaceId}`).expect(200);
      expect(premierWorkspace.body.settings).toEqual({ allowPersonalAccounts: true });
      const off = await api(csam).patch(`/workspaces/${premier.workspaceId}/settings`, { allowPersonalAccounts: false }).expect(422);
      expect(off.body.code).toBe('PERSONAL_ACCOUNTS_REQUIRED');
    });

    it('services: CSAM/AC add purchased services only', async () => {
      const created = await api(csam).post(`/contracts/${contractId}/workspaces`, { name: 'Ops', purpose: '', adminEmail: 'ops@contoso.com' }).expect(201);
      const added = await api(csam).post(`/workspaces/${created.body.id}/services`, { services: ['workshops', 'reactive-support'] }).expect(200);
      expect(added.body.services.sort()).toEqual(['reactive-support', 'workshops']);
      const notBought = await api(csam).post(`/workspaces/${created.body.id}/services`, { services: ['quantum-support'] }).expect(422);
      expect(notBought.body.code).toBe('SERVICE_NOT_PURCHASED');
      const byAdmin = await api(ada).post(`/workspaces/${workspaceId}/services`, { services: ['workshops'] }).expect(403);
      expect(byAdmin.body.code).toBe('CONTRACT_MANAGER_REQUIRED');
      await api(csam).post(`/workspaces/${created.body.id}/services`, { services: [] }).expect(400);
    });

    it('members: admins change roles and permissions and remove; the last admin stays', async () => {
      const memberRefused = await api(bob).patch(`/workspaces/${workspaceId}/members/${ada.id}`, { role: 'member' }).expect(403);
      expect(memberRefused.body.code).toBe('WORKSPACE_ADMIN_REQUIRED');
      const lastDemote = await api(ada).patch(`/workspaces/${workspaceId}/members/${ada.id}`, { role: 'member' }).expect(409);
      expect(lastDemote.body.code).toBe('LAST_ADMIN');
      const lastRemove = await api(csam).delete(`/workspaces/${workspaceId}/members/${ada.id}`).expect(409);
      expect(lastRemove.body.code).toBe('LAST_ADMIN');
      const missing = await api(ada).patch(`/workspaces/${workspaceId}/members/nobody`, { role: 'admin' }).expect(404);
      expect(missing.body.code).toBe('MEMBER_NOT_FOUND');
      await api(ada).patch(`/workspaces/${workspaceId}/members/${bob.id}`, { permissions: ['everything'] }).expect(400);
      await api(ada).patch(`/workspaces/${workspaceId}/members/${bob.id}`, { role: 'owner' }).expect(400);

      const promoted = await api(ada).patch(`/workspaces/${workspaceId}/members/${bob.id}`, { role: 'admin' }).expect(200);
      expect(promoted.body).toMatchObject({ userId: bob.id, role: 'admin' });
      // Two admins demoting each other at once: one wins, one admin remains.
      const [first, second] = await Promise.all([
        api(ada).patch(`/workspaces/${workspaceId}/members/${bob.id}`, { role: 'member' }),
        api(bob).patch(`/workspaces/${workspaceId}/members/${ada.id}`, { role: 'member' }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      const members = await api(csam).get(`/workspaces/${workspaceId}/members`).expect(200);
      expect(members.body.items.filter((member: { role: string }) => member.role === 'admin')).toHaveLength(1);
      const admin = first.status === 200 ? ada : bob;
      const other = admin === ada ? bob : ada;
      await api(admin).patch(`/workspaces/${workspaceId}/members/${other.id}`, { role: 'admin' }).expect(200);
      await api(admin).delete(`/workspaces/${workspaceId}/members/${other.id}`).expect(204);
      await api(other).get(`/workspaces/${workspaceId}`).expect(404);
    });

    it('invitation.accepted is applied once: a redelivery does not bring a removed member back', async () => {
      const carol = person('Carol');
      await hub.awaitInvitationRights(csam, workspaceId);
      await hub.invitation().post(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(csam)).send({ email: carol.email, role: 'member' }).expect(201);
      await hub.acceptNextInvitation(carol, workspaceId);
      await api(csam).delete(`/workspaces/${workspaceId}/members/${carol.id}`).expect(204);
      const handled = await hub.handledCount('workspace', 'invitation.accepted');
      const invitationsOfCarol = await hub.invitation().get(`/api/v1/workspaces/${workspaceId}/invitations?status=accepted&limit=100`).set('authorization', hub.bearer(csam)).expect(200);
      const invitation = invitationsOfCarol.body.items.find((item: { email: string }) => item.email === carol.email);
      await hub.publish(
        'invitation.accepted',
        {
          invitationId: invitation.id,
          workspaceId,
          userId: carol.id,
          email: carol.email,
          name: carol.name,
          userTenantId: CUSTOMER_TENANT,
          role: 'member',
          acceptedAt: new Date().toISOString(),
        },
        { workspaceId, source: 'invitation' },
      );
      await eventually(async () => (await hub.handledCount('workspace', 'invitation.accepted')) === handled + 1, { what: 'the redelivery handled' });
      await api(carol).get(`/workspaces/${workspaceId}`).expect(404);
    });

    it('Customer Activity: admins and CSAM/AC; members only with the customerActivity permission', async () => {
      const dave = person('Dave');
      await hub.invitation().post(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(csam)).send({ email: dave.email, role: 'member' }).expect(201);
      await hub.acceptNextInvitation(dave, workspaceId);
      const refused = await api(dave).get(`/activity?workspaces=${workspaceId}`).expect(403);
      expect(refused.body.code).toBe('ACTIVITY_PERMISSION_REQUIRED');
      expect((await api(dave).get('/activity?workspaces=all').expect(200)).body.workspaces).toEqual([]);
      await api(csam).patch(`/workspaces/${workspaceId}/members/${dave.id}`, { permissions: ['customerActivity'] }).expect(200);
      const allowed = await api(dave).get(`/activity?workspaces=${workspaceId}`).expect(200);
      expect(allowed.body.workspaces[0].id).toBe(workspaceId);
      const unknown = await api(dave).get(`/activity?workspaces=${workspaceId},${randomUUID()}`).expect(404);
      expect(unknown.body.code).toBe('WORKSPACE_NOT_FOUND');
      await api(dave).get('/activity?workspaces=everything').expect(400);
      await api(dave).get('/activity?workspaces[$ne]=x').expect(400);
    });
  });
});
