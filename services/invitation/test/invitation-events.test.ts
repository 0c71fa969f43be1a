// invitation.resent, invitation.expired and invitation.delivery-failed on the real bus, each
// published with the change it reports (outbox), as an integrator bound to them sees them.
import { Clock } from '@support-hub/platform';
import { eventually } from '@support-hub/testing';
import { EventTap } from '../../access/test/support/event-tap';
import { HubHarness, person, VENDOR_TENANT, type TestUser } from '../../workspace/test/support/hub.harness';
import { MAIL_TRANSPORT, type MailMessage, type MailTransport } from '../src/mail/mail-message';

describe('Invitation events', () => {
  let hub: HubHarness;
  let tap: EventTap;
  const csam = person('Carla CSAM', { roles: ['csam'], tenantId: VENDOR_TENANT });
  const ada = person('Ada Admin');
  const bob = person('Bob Member');
  let workspaceId: string;

  beforeAll(async () => {
    hub = await HubHarness.start({ invitation: { INVITATION_EXPIRY_SWEEP_MS: '200', MAIL_MAX_ATTEMPTS: '2', MAIL_RETRY_BASE_MS: '10' } });
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['invitation.resent', 'invitation.expired', 'invitation.delivery-failed']);
    ({ workspaceId } = await hub.activeContract(csam, ada, [bob]));
    await hub.awaitInvitationRights(ada, workspaceId);
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const invite = async (invitee: TestUser): Promise<string> =>
    (await hub.invitation().post(`/api/v1/workspaces/${workspaceId}/invitations`).set('authorization', hub.bearer(ada)).send({ email: invitee.email, role: 'member' }).expect(201)).body.id;
  const resend = (user: TestUser, id: string) => hub.invitation().post(`/api/v1/invitations/${id}/resend`).set('authorization', hub.bearer(user));

  it('is ready only with its database, the broker and its queue consumed', async () => {
    const ready = await hub.invitation().get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up', broker: 'up', consumer: 'up' } });
  });

  it('a resend publishes invitation.resent with the new expiry, once', async () => {
    const invitee = person('Rita Resent');
    const id = await invite(invitee);
    await hub.nextMailTo(invitee.email);
    const resent = await resend(ada, id).expect(200);
    const event = await eventually(() => tap.of('invitation.resent', (candidate) => candidate.data.invitationId === id)[0], { what: 'invitation.resent' });
    expect(event).toMatchObject({ source: 'invitation', workspaceId, data: { workspaceId, email: invitee.email, resentBy: ada.id, expiresAt: resent.body.expiresAt } });
    await hub.nextMailTo(invitee.email);
    expect(tap.of('invitation.resent', (candidate) => candidate.data.invitationId === id)).toHaveLength(1);
  });

  it('a refused resend publishes nothing: a member (403), a stranger (404), a non-UUID id (400), an unknown id (404)', async () => {
    const id = await invite(person('Nina Nobody'));
    expect((await resend(bob, id).expect(403)).body.code).toBe('WORKSPACE_ADMIN_REQUIRED');
    expect((await resend(person('Stranger'), id).expect(404)).body.code).toBe('INVITATION_NOT_FOUND');
    await resend(ada, 'not-a-uuid').expect(400);
    await resend(ada, '00000000-0000-4000-8000-000000000000').expect(404);
    await resend(ada, id).expect(200);
    await eventually(() => tap.of('invitation.resent', (candidate) => candidate.data.invitationId === id).length === 1, { what: 'the one accepted resend' });
  });

  it('an invitation whose expiry passes is announced by invitation.expired, once', async () => {
    const invitee = person('Eve Expired');
    const id = await invite(invitee);
    await hub.nextMailTo(invitee.email);
    const clock = hub.invitationApp.get(Clock);
    const later = new Date(Date.now() + 14 * 24 * 3600_000 + 60_000);
    const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(later));
    try {
      const event = await eventually(() => tap.of('invitation.expired', (candidate) => candidate.data.invitationId === id)[0], { what: 'the sweep to publish invitation.expired' });
      expect(event).toMatchObject({ source: 'invitation', workspaceId, data: { workspaceId, email: invitee.email } });
      const listed = await hub.invitation().get(`/api/v1/workspaces/${workspaceId}/invitations?status=expired&limit=100`).set('authorization', hub.bearer(ada)).expect(200);
      expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(id);
      // Inviting the address again is allowed, and the expiry stays announced once.
      await invite(invitee);
      expect(tap.of('invitation.expired', (candidate) => candidate.data.invitationId === id)).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('an email that cannot be sent after every attempt publishes invitation.delivery-failed, and shows as failed', async () => {
    const invitee = person('Una Unreachable');
    const transport = hub.invitationApp.get<MailTransport>(MAIL_TRANSPORT);
    const send = transport.send.bind(transport);
    const spy = jest.spyOn(transport, 'send').mockImplementation(async (message: MailMessage) => {
      if (message.to === invitee.email) throw new Error('550 mailbox unavailable');
      return send(message);
    });
    try {
      const id = await invite(invitee);
      const event = await eventually(() => tap.of('invitation.delivery-failed', (candidate) => candidate.data.invitationId === id)[0], { what: 'invitation.delivery-failed' });
      expect(event).toMatchObject({ source: 'invitation', workspaceId, data: { workspaceId, email: invitee.email, attempts: 2 } });
      const listed = await hub.invitation().get(`/api/v1/workspaces/${workspaceId}/invitations?status=pending&limit=100`).set('authorization', hub.bearer(ada)).expect(200);
      expect(listed.body.items.find((item: { id: string }) => item.id === id)).toMatchObject({ delivery: { status: 'failed', attempts: 2 } });
    } finally {
      spy.mockRestore();
    }
  });
});
