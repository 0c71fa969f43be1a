import { AuthenticatedUser, PERSONAL_ACCOUNT_TENANT_ID } from '@support-hub/auth';
import type { Outbox } from '@support-hub/messaging';
import type { TransactionRunner } from '@support-hub/persistence';
import { ManualClock } from '@support-hub/platform';
import type { ClientSession } from 'mongoose';
import type { InvitationConfig } from '../config/invitation.config';
import type { InvitationMailSender } from './invitation-mail.sender';
import type { WorkspaceCopiesRepository } from '../workspaces/workspace-copies.repository';
import type { WorkspaceCopyRecord } from '../workspaces/workspace-copy.schema';
import type { InvitationAccessPolicy } from './invitation-access';
import { InvitationTokens } from './invitation-tokens';
import type { InvitationRecord } from './invitation';
import { pendingDelivery } from './invitation';
import type { InvitationsRepository } from './invitations.repository';
import type { ContractTerms } from '@support-hub/contract-copies';
import { InvitationsService } from './invitations.service';
import type { InvitationExpiry } from './invitation-expiry.service';

const NOW = new Date('2030-01-01T00:00:00Z');

describe(InvitationsService.name, () => {
  const tokens = new InvitationTokens();
  const { token, hash } = tokens.issue();
  let invitation: InvitationRecord;
  let workspace: WorkspaceCopyRecord;
  let outbox: { record: jest.Mock };
  let clock: ManualClock;
  let sut: InvitationsService;
  const ada = new AuthenticatedUser('ada', 'ada@contoso.com', 'Ada', 'tenant-1', [], 'vendor-tenant');

  beforeEach(() => {
    invitation = {
      _id: 'inv-1',
      workspaceId: 'ws-1',
      email: 'ada@contoso.com',
      role: 'admin',
      status: 'pending',
      tokenHash: hash,
      expiresAt: new Date(NOW.getTime() + 86_400_000),
      invitedBy: null,
      createdAt: NOW,
      acceptedAt: null,
      acceptedBy: null,
      revokedAt: null,
      revokedBy: null,
      delivery: pendingDelivery(NOW),
    };
    workspace = {
      _id: 'ws-1',
      contractId: 'c-1',
      customerTenantId: 'tenant-1',
      contractType: 'unified',
      name: 'Default',
      allowPersonalAccounts: false,
      csamId: null,
      accountCoordinatorId: null,
      revision: 1,
      initialInvitationsIssued: true,
    };
    outbox = { record: jest.fn(async () => []) };
    clock = new ManualClock(NOW);
    const invitations = {
      findByTokenHash: async (tokenHash: string) => (tokenHash === invitation.tokenHash ? { ...invitation } : null),
      findById: async () => ({ ...invitation }),
      accept: async (_id: string, tokenHash: string, user: { id: string; tenantId: string }, now: Date) => {
        if (invitation.status !== 'pending' || invitation.tokenHash !== tokenHash || invitation.expiresAt <= now) return null;
        invitation = { ...invitation, status: 'accepted', acceptedAt: now, acceptedBy: user.id, acceptedTenantId: user.tenantId };
        return { ...invitation };
      },
    };
    const copies = { findWorkspace: async () => workspace };
    const tx = { run: (work: (session: ClientSession) => Promise<unknown>) => work({} as ClientSession) } as TransactionRunner;
    sut = new InvitationsService(
      invitations as unknown as InvitationsRepository,
      copies as unknown as WorkspaceCopiesRepository,
      {} as InvitationAccessPolicy,
      tokens,
      { nudge: () => undefined } as InvitationMailSender,
      tx,
      outbox as unknown as Outbox,
      clock,
      { INVITATION_TTL_DAYS: 14 } as InvitationConfig,
      { assertOpen: async () => undefined } as unknown as ContractTerms,
      {} as InvitationExpiry,
    );
  });

  it('accepts once, for the invited address whatever its case, and records invitation.accepted', async () => {
    const upper = new AuthenticatedUser('ada', 'ADA@contoso.com'.toLowerCase(), 'Ada', 'tenant-1', [], 'vendor-tenant');
    expect(await sut.accept(upper, token)).toEqual({ invitationId: 'inv-1', workspaceId: 'ws-1', role: 'admin' });
    expect(outbox.record.mock.calls[0][0][0]).toMatchObject({
      type: 'invitation.accepted',
      data: { invitationId: 'inv-1', userId: 'ada', email: 'ada@contoso.com', userTenantId: 'tenant-1', role: 'admin' },
    });
    await expect(sut.accept(ada, token)).rejects.toMatchObject({ code: 'INVITATION_ALREADY_USED', kind: 'conflict' });
  });

  type Arrangement = { token?: string; user?: AuthenticatedUser } | void;
  it.each<[string, () => Arrangement, string]>([
    ['an unknown token', () => ({ token: 'nope' }), 'INVITATION_NOT_FOUND'],
    ['a revoked invitation', () => void (invitation.status = 'revoked'), 'INVITATION_REVOKED'],
    ['an expired invitation', () => clock.advance(86_400_000), 'INVITATION_EXPIRED'],
    ['another address', () => ({ user: new AuthenticatedUser('eve', 'eve@contoso.com', null, 'tenant-1', [], 'vendor-tenant') }), 'INVITATION_EMAIL_MISMATCH'],
    ['a token without email claim', () => ({ user: new AuthenticatedUser('ada', '', null, 'tenant-1', [], 'vendor-tenant') }), 'INVITATION_EMAIL_MISMATCH'],
    ['a Personal account where not allowed', () => ({ user: new AuthenticatedUser('ada', 'ada@contoso.com', null, PERSONAL_ACCOUNT_TENANT_ID, [], 'vendor-tenant') }), 'PERSONAL_ACCOUNT_NOT_ALLOWED'],
  ])('refuses %s', async (_case, arrange, code) => {
    const override = arrange() ?? {};
    await expect(sut.accept(override.user ?? ada, override.token ?? token)).rejects.toMatchObject({ code });
    expect(outbox.record).not.toHaveBeenCalled();
  });

  it('lets a Personal account in where the workspace allows them', async () => {
    workspace.allowPersonalAccounts = true;
    const personal = new AuthenticatedUser('ada', 'ada@contoso.com', null, PERSONAL_ACCOUNT_TENANT_ID, [], 'vendor-tenant');
    await expect(sut.accept(personal, token)).resolves.toMatchObject({ workspaceId: 'ws-1' });
  });
});
