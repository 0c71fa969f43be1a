import { AuthenticatedUser } from '@support-hub/auth';
import type { EventEnvelope } from '@support-hub/contracts';
import type { Outbox } from '@support-hub/messaging';
import type { TransactionRunner } from '@support-hub/persistence';
import { ManualClock } from '@support-hub/platform';
import type { ClientSession } from 'mongoose';
import type { MembersRepository } from './members.repository';
import { MembersService } from './members.service';
import type { MembershipRecord, WorkspaceRecord } from './workspace';
import { WorkspaceAccess, type WorkspaceAccessPolicy } from './workspace-access';
import type { WorkspacesRepository } from './workspaces.repository';

const workspace: WorkspaceRecord = {
  _id: 'ws-1',
  contractId: 'c-1',
  customerTenantId: 't-1',
  contractType: 'unified',
  name: 'Default',
  nameKey: 'default',
  purpose: '',
  isDefault: true,
  services: [],
  allowPersonalAccounts: false,
  csamId: 'csam-1',
  accountCoordinatorId: null,
  revision: 1,
  createdBy: null,
  createdAt: new Date(),
};

function membership(userId: string, role: 'admin' | 'member'): MembershipRecord {
  return { _id: `m-${userId}`, workspaceId: 'ws-1', contractId: 'c-1', userId, email: `${userId}@x.com`, name: null, tenantId: 't-1', role, permissions: [], joinedAt: new Date(), invitationId: null };
}

describe(MembersService.name, () => {
  const ada = new AuthenticatedUser('ada', 'ada@x.com', null, 't-1', [], 'vendor-tenant');
  let members: Map<string, MembershipRecord>;
  let accepted: Set<string>;
  let outbox: { record: jest.Mock };
  let sut: MembersService;

  beforeEach(() => {
    members = new Map([['ada', membership('ada', 'admin')], ['bob', membership('bob', 'member')]]);
    accepted = new Set();
    outbox = { record: jest.fn(async () => []) };
    const repository = {
      findOne: async (_ws: string, userId: string) => members.get(userId) ?? null,
      countAdmins: async () => [...members.values()].filter((member) => member.role === 'admin').length,
      update: async (_ws: string, userId: string, change: Partial<MembershipRecord>) => {
        const updated = { ...members.get(userId)!, ...change };
        members.set(userId, updated);
        return updated;
      },
      remove: async (_ws: string, userId: string) => members.delete(userId),
      insert: async (member: MembershipRecord) => void members.set(member.userId, member),
      markAccepted: async (invitationId: string) => !accepted.has(invitationId) && Boolean(accepted.add(invitationId)),
    };
    let revision = 1;
    const workspaces = { bumpRevision: async () => ({ ...workspace, revision: ++revision }) };
    const access = { require: async (user: AuthenticatedUser) => new WorkspaceAccess(workspace, members.get(user.id) ?? null, null, false) };
    const tx = { run: (work: (session: ClientSession) => Promise<unknown>) => work({} as ClientSession) } as TransactionRunner;
    sut = new MembersService(
      repository as unknown as MembersRepository,
      workspaces as unknown as WorkspacesRepository,
      access as unknown as WorkspaceAccessPolicy,
      tx,
      outbox as unknown as Outbox,
      new ManualClock(),
    );
  });

  it('keeps the last admin: no demotion, no removal', async () => {
    await expect(sut.update(ada, 'ws-1', 'ada', { role: 'member' })).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    await expect(sut.remove(ada, 'ws-1', 'ada')).rejects.toMatchObject({ code: 'LAST_ADMIN' });
    expect(outbox.record).not.toHaveBeenCalled();
  });

  it('a member manages nobody but may leave', async () => {
    const bob = new AuthenticatedUser('bob', 'bob@x.com', null, 't-1', [], 'vendor-tenant');
    await expect(sut.update(bob, 'ws-1', 'ada', { role: 'member' })).rejects.toMatchObject({ code: 'WORKSPACE_ADMIN_REQUIRED' });
    await expect(sut.remove(bob, 'ws-1', 'ada')).rejects.toMatchObject({ code: 'WORKSPACE_ADMIN_REQUIRED' });
    await sut.remove(bob, 'ws-1', 'bob');
    expect(members.has('bob')).toBe(false);
    expect(outbox.record.mock.calls[0][0][0]).toMatchObject({ type: 'workspace.member-removed', data: { userId: 'bob', revision: 2 } });
  });

  it('records member-updated with the new revision when an admin changes a role', async () => {
    const view = await sut.update(ada, 'ws-1', 'bob', { role: 'admin', permissions: ['customerActivity'] });
    expect(view).toMatchObject({ role: 'admin', permissions: ['customerActivity'] });
    expect(outbox.record.mock.calls[0][0][0]).toMatchObject({ type: 'workspace.member-updated', data: { userId: 'bob', role: 'admin', revision: 2 } });
  });

  const acceptedEvent = (userId: string, role: 'admin' | 'member', invitationId = `inv-${userId}`) =>
    ({ data: { invitationId, workspaceId: 'ws-1', userId, email: `${userId}@X.com`, name: userId, userTenantId: 't-1', role, acceptedAt: new Date().toISOString() } }) as EventEnvelope<'invitation.accepted'>;

  it('adds a member from invitation.accepted once per invitation', async () => {
    await sut.addFromAcceptedInvitation(acceptedEvent('carol', 'member'));
    expect(members.get('carol')).toMatchObject({ role: 'member', email: 'carol@x.com', invitationId: 'inv-carol' });
    members.delete('carol');
    await sut.addFromAcceptedInvitation(acceptedEvent('carol', 'member'));
    expect(members.has('carol')).toBe(false);
    expect(outbox.record).toHaveBeenCalledTimes(1);
  });

  it('an invitation as admin promotes an existing member; as member it changes nothing', async () => {
    await sut.addFromAcceptedInvitation(acceptedEvent('ada', 'member', 'inv-x'));
    expect(outbox.record).not.toHaveBeenCalled();
    await sut.addFromAcceptedInvitation(acceptedEvent('bob', 'admin', 'inv-y'));
    expect(members.get('bob')?.role).toBe('admin');
    expect(outbox.record.mock.calls[0][0][0]).toMatchObject({ type: 'workspace.member-updated' });
  });
});
