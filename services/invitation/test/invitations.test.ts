// Invitations through HTTP and the real bus: creation rules, the one-pending rule under
// concurrency, resend and revoke, and every refusal of an acceptance with its code.
import { Clock } from '@support-hub/platform';
import { eventually } from '@support-hub/testing';
import { HubHarness, person, VENDOR_TENANT, type TestUser } from '../../workspace/test/support/hub.harness';

describe('Invitations', () => {
  let hub: HubHarness;
  const csam = person('Carla CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
  const ada = person('Ada Admin');
  const bob = person('Bob Member');
  let workspaceId: string;

  beforeAll(async () => {
    hub = await HubHarness.start();
    ({ workspaceId } = await hub.activeContract(csam, ada, [bob]));
    await hub.awaitInvitationRights(ada, workspaceId);
  });

  afterAll(async () => {
    await hub?.stop();
  });

  const invitations = (user: TestUser) => ({
    create: (body: object, id = workspaceId) => hub.invitation().post(`/api/v1/workspaces/${id}/invitations`).set('authorization', hub.bearer(user)).send(body),
    list: (query = '', id = workspaceId) => hub.invitation().get(`/api/v1/workspaces/${id}/invitations${query}`).set('authorization', hub.bearer(user)),
    accept: (token: string) => hub.invitation().post('/api/v1/invitations/accept').set('authorization', hub.bearer(user)).send({ token }),
    resend: (id: string) => hub.invitation().post(`/api/v1/invitations/${id}/resend`).set('authorization', hub.bearer(user)),
    revoke: (id: string) => hub.invitation().delete(`/api/v1/invitations/${id}`).set('authorization', hub.bearer(user)),
  });

  it('an admin invites by email and role; the token is only in the email', async () => {
    const newcomer = person('Nora Newcomer');
    const created = await invitations(ada).create({ email: newcomer.email.toUpperCase(), role: 'member' }).expect(201);
    expect(created.body).toMatchObject({ workspaceId, email: newcomer.email, role: 'member', status: 'pending', invitedBy: ada.id });
    const expiresIn = Date.parse(created.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(13.9 * 24 * 3600_000);
    expect(expiresIn).toBeLessThanOrEqual(14 * 24 * 3600_000);
    const mail = await hub.nextMailTo(newcomer.email);
    expect(mail.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mail.subject).toContain('Default');
    const listed = await invitations(ada).list().expect(200);
    expect(JSON.stringify(created.body) + JSON.stringify(listed.body)).not.toContain(mail.token);
    expect(JSON.stringify(listed.body)).not.toMatch(/tokenHash|[0-9a-f]{64}/);
  });

  it('the contract CSAM invites too; a plain member may not (403), a stranger learns nothing (404)', async () => {
    await invitations(csam).create({ email: person('Via CSAM').email, role: 'admin' }).expect(201);
    const member = await invitations(bob).create({ email: person('Via Bob').email, role: 'member' }).expect(403);
    expect(member.body.code).toBe('WORKSPACE_ADMIN_REQUIRED');
    const stranger = await invitations(person('Stranger')).create({ email: person('Via Stranger').email, role: 'member' }).expect(404);
    expect(stranger.body.code).toBe('WORKSPACE_NOT_FOUND');
  });

  it('refuses a second pending invitation for the same address, and inviting a member', async () => {
    const email = person('Twice').email;
    await invitations(ada).create({ email, role: 'member' }).expect(201);
    const second = await invitations(ada).create({ email: email.toUpperCase(), role: 'admin' }).expect(409);
    expect(second.body.code).toBe('INVITATION_ALREADY_PENDING');
    await eventually(async () => (await invitations(ada).create({ email: bob.email, role: 'member' })).body.code === 'ALREADY_MEMBER', {
      what: 'the invitation service to know Bob as a member',
    });
  });

  it('20 concurrent invitations of one address give exactly one', async () => {
    const email = person('Concurrent').email;
    const responses = await Promise.all(Array.from({ length: 20 }, () => invitations(ada).create({ email, role: 'member' })));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    expect(new Set(responses.filter((response) => response.status === 409).map((response) => response.body.code))).toEqual(new Set(['INVITATION_ALREADY_PENDING']));
    const pending = await invitations(ada).list('?status=pending&limit=100').expect(200);
    expect(pending.body.items.filter((item: { email: string }) => item.email === email)).toHaveLength(1);
  });

  it('accepting refuses a signed-in user whose email differs (case is ignored)', async () => {
    const invitee = person('Ivy Invitee');
    await invitations(ada).create({ email: invitee.email, role: 'member' }).expect(201);
    const { token } = await hub.nextMailTo(invitee.email);
    const wrong = await invitations(person('Someone Else')).accept(token).expect(403);
    expect(wrong.body).toMatchObject({ code: 'INVITATION_EMAIL_MISMATCH' });
    expect(wrong.body.message).toMatch(/different email address/);
    const sameAddressOtherCase = { ...invitee, email: invitee.email.toUpperCase() };
    const accepted = await invitations(sameAddressOtherCase).accept(token).expect(200);
    expect(accepted.body).toMatchObject({ workspaceId, role: 'member' });
    const again = await invitations(invitee).accept(token).expect(409);
    expect(again.body.code).toBe('INVITATION_ALREADY_USED');
  });

  it('an unknown token is 404 INVITATION_NOT_FOUND; malformed ones are 400', async () => {
    const unknown = await invitations(ada).accept('A'.repeat(43)).expect(404);
    expect(unknown.body.code).toBe('INVITATION_NOT_FOUND');
    await invitations(ada).accept('not a token!').expect(400);
    await hub.invitation().post('/api/v1/invitations/accept').set('authorization', hub.bearer(ada)).send({ token: { $ne: null } }).expect(400);
  });

  it('resend rotates the token: the old link stops working, the new one works', async () => {
    const invitee = person('Rita Resent');
    const created = await invitations(ada).create({ email: invitee.email, role: 'member' }).expect(201);
    const first = await hub.nextMailTo(invitee.email);
    const resent = await invitations(ada).resend(created.body.id).expect(200);
    expect(resent.body.status).toBe('pending');
    const second = await hub.nextMailTo(invitee.email);
    expect(second.token).not.toBe(first.token);
    const old = await invitations(invitee).accept(first.token).expect(404);
    expect(old.body.code).toBe('INVITATION_NOT_FOUND');
    await invitations(invitee).accept(second.token).expect(200);
    const afterUse = await invitations(ada).resend(created.body.id).expect(409);
    expect(afterUse.body.code).toBe('INVITATION_ALREADY_USED');
  });

  it('a revoked invitation is refused with INVITATION_REVOKED', async () => {
    const invitee = person('Rex Revoked');
    const created = await invitations(ada).create({ email: invitee.email, role: 'admin' }).expect(201);
    const { token } = await hub.nextMailTo(invitee.email);
    const revoked = await invitations(ada).revoke(created.body.id).expect(200);
    expect(revoked.body.status).toBe('revoked');
    const again = await invitations(ada).revoke(created.body.id).expect(409);
    expect(again.body.code).toBe('INVITATION_ALREADY_REVOKED');
    const refused = await invitations(invitee).accept(token).expect(410);
    expect(refused.body.code).toBe('INVITATION_REVOKED');
    const resend = await invitations(ada).resend(created.body.id).expect(410);
    expect(resend.body.code).toBe('INVITATION_REVOKED');
    // Revoking frees the address for a new invitation.
    await invitations(ada).create({ email: invitee.email, role: 'member' }).expect(201);
  });

  it('an expired invitation is refused with INVITATION_EXPIRED, and a new one can be sent', async () => {
    const invitee = person('Eve Expired');
    const created = await invitations(ada).create({ email: invitee.email, role: 'member' }).expect(201);
    const { token } = await hub.nextMailTo(invitee.email);
    const clock = hub.invitationApp.get(Clock);
    const later = new Date(Date.now() + 14 * 24 * 3600_000 + 60_000);
    const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(later));
    try {
      const refused = await invitations(invitee).accept(token).expect(410);
      expect(refused.body.code).toBe('INVITATION_EXPIRED');
      expect(refused.body.message).toMatch(/expired.*new one/);
      const listed = await invitations(ada).list('?status=expired&limit=100').expect(200);
      expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);
      const resend = await invitations(ada).resend(created.body.id).expect(410);
      expect(resend.body.code).toBe('INVITATION_EXPIRED');
      await invitations(ada).create({ email: invitee.email, role: 'member' }).expect(201);
    } finally {
      spy.mockRestore();
    }
  });

  it('a Personal account is refused where the workspace does not allow them, and accepted once allowed', async () => {
    const personal = person('Pat Personal', { personal: true });
    await invitations(ada).create({ email: personal.email, role: 'member' }).expect(201);
    const { token } = await hub.nextMailTo(personal.email);
    const refused = await invitations(personal).accept(token).expect(403);
    expect(refused.body.code).toBe('PERSONAL_ACCOUNT_NOT_ALLOWED');
    expect(refused.body.message).toMatch(/work or school account/);
    expect(refused.body.message).toMatch(/CSAM or account coordinator/);
    await hub.workspace().patch(`/api/v1/workspaces/${workspaceId}/settings`).set('authorization', hub.bearer(csam)).send({ allowPersonalAccounts: true }).expect(200);
    await eventually(async () => (await invitations(personal).accept(token)).status === 200, { what: 'the new policy to reach the invitation service' });
    await hub.awaitMembership(personal, workspaceId);

    // Turning it off again blocks new Personal accounts and suspends the member (kept, but refused).
    await hub.workspace().patch(`/api/v1/workspaces/${workspaceId}/settings`).set('authorization', hub.bearer(csam)).send({ allowPersonalAccounts: false }).expect(200);
    const another = person('Paul Personal', { personal: true });
    await invitations(ada).create({ email: another.email, role: 'member' }).expect(201);
    const next = await hub.nextMailTo(another.email);
    await eventually(async () => (await invitations(another).accept(next.token)).body.code === 'PERSONAL_ACCOUNT_NOT_ALLOWED');
    const suspended = await hub.workspace().get(`/api/v1/workspaces/${workspaceId}`).set('authorization', hub.bearer(personal)).expect(403);
    expect(suspended.body.code).toBe('PERSONAL_ACCOUNT_NOT_ALLOWED');
  });

  it('a Premier workspace always accepts Personal accounts', async () => {
    const premierCsam = person('Pia CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
    const personalAdmin = person('Max Personal', { personal: true });
    const { workspaceId: premierWorkspace } = await hub.activeContract(premierCsam, personalAdmin, [], { type: 'premier' });
    await hub.workspace().get(`/api/v1/workspaces/${premierWorkspace}`).set('authorization', hub.bearer(personalAdmin)).expect(200);
  });

  it('a workspace.created delivered twice (same event, or replayed later) invites nobody twice', async () => {
    const before = await invitations(csam).list('?limit=100').expect(200);
    const handled = await hub.handledCount('invitation', 'workspace.created');
    const replay = {
      workspaceId,
      contractId: 'replayed',
      customerTenantId: 'replayed',
      contractType: 'unified' as const,
      name: 'Default',
      isDefault: true,
      services: [],
      allowPersonalAccounts: false,
      csamId: csam.id,
      accountCoordinatorId: null,
      initialInvitations: [{ email: person('Replayed').email, role: 'admin' as const }],
      revision: 1,
    };
    const first = await hub.publish('workspace.created', replay, { workspaceId, source: 'workspace' });
    await hub.publish('workspace.created', replay, { workspaceId, source: 'workspace', id: first.id });
    await eventually(async () => (await hub.handledCount('invitation', 'workspace.created')) === handled + 2, { what: 'both deliveries handled' });
    const after = await invitations(csam).list('?limit=100').expect(200);
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('lists are paginated with a capped limit', async () => {
    const first = await invitations(ada).list('?limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await invitations(ada).list(`?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    await invitations(ada).list('?limit=101').expect(400);
    await invitations(ada).list('?status=sent').expect(400);
  });
});
