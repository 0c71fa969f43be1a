import type { Outbox } from '@support-hub/messaging';
import type { TransactionRunner } from '@support-hub/persistence';
import { ManualClock } from '@support-hub/platform';
import type { ClientSession } from 'mongoose';
import type { InvitationConfig } from '../config/invitation.config';
import { InvitationTokens } from './invitation-tokens';
import type { InvitationRecord } from './invitation';
import { pendingDelivery } from './invitation';
import type { InvitationsRepository } from './invitations.repository';
import type { WorkspaceCopiesRepository } from '../workspaces/workspace-copies.repository';
import { InvitationMailSender } from './invitation-mail.sender';
import type { MailMessage, MailTransport } from '../mail/mail-message';

const NOW = new Date('2030-01-01T00:00:00Z');

/** The delivery columns of one invitation, kept the way the repository's conditional updates would. */
class FakeInvitations {
  invitation: InvitationRecord = {
    _id: 'inv-1',
    workspaceId: 'ws-1',
    email: 'ada@contoso.com',
    role: 'member',
    status: 'pending',
    tokenHash: null,
    expiresAt: new Date(NOW.getTime() + 86_400_000),
    invitedBy: null,
    createdAt: NOW,
    acceptedAt: null,
    acceptedBy: null,
    revokedAt: null,
    revokedBy: null,
    delivery: pendingDelivery(NOW),
  };

  async claimDelivery(now: Date, claim: string, leaseUntil: Date): Promise<InvitationRecord | null> {
    const { delivery } = this.invitation;
    if (delivery.status !== 'pending' || delivery.nextAttemptAt > now || (delivery.claimedUntil && delivery.claimedUntil > now)) return null;
    this.invitation.delivery = { ...delivery, claim, claimedUntil: leaseUntil };
    return structuredClone(this.invitation);
  }

  async setTokenHash(_id: string, claim: string, hash: string): Promise<boolean> {
    if (this.invitation.delivery.claim !== claim) return false;
    this.invitation.tokenHash = hash;
    return true;
  }

  async markDelivered(_id: string, claim: string, now: Date): Promise<void> {
    if (this.invitation.delivery.claim !== claim) return;
    const { delivery } = this.invitation;
    this.invitation.delivery = { ...delivery, status: 'sent', sentAt: now, claim: null, claimedUntil: null, attempts: delivery.attempts + 1 };
  }

  async markDeliveryFailed(_id: string, claim: string, error: string, retryAt: Date | null): Promise<boolean> {
    if (this.invitation.delivery.claim !== claim) return false;
    const { delivery } = this.invitation;
    this.invitation.delivery = {
      ...delivery,
      status: retryAt ? 'pending' : 'failed',
      nextAttemptAt: retryAt ?? delivery.nextAttemptAt,
      claim: null,
      claimedUntil: null,
      lastError: error,
      attempts: delivery.attempts + 1,
    };
    return true;
  }
}

describe(InvitationMailSender.name, () => {
  const tokens = new InvitationTokens();
  const config = { MAIL_FROM: 'hub@x', INVITATION_ACCEPT_URL: 'https://x.test/accept', MAIL_MAX_ATTEMPTS: 3, MAIL_RETRY_BASE_MS: 1000, MAIL_POLL_MS: 1000 } as InvitationConfig;
  let invitations: FakeInvitations;
  let clock: ManualClock;
  let sent: MailMessage[];
  let failures: number;
  let sut: InvitationMailSender;
  let outbox: { record: jest.Mock };

  beforeEach(() => {
    invitations = new FakeInvitations();
    clock = new ManualClock(NOW);
    sent = [];
    failures = 0;
    const transport: MailTransport = {
      send: async (message) => {
        if (failures > 0) {
          failures--;
          throw new Error('SMTP 421 try again later');
        }
        sent.push(message);
      },
      close: () => undefined,
    };
    const copies = { findWorkspace: async () => ({ name: 'Finance' }) } as unknown as WorkspaceCopiesRepository;
    outbox = { record: jest.fn(async () => []) };
    const tx = { run: (work: (session: ClientSession) => Promise<unknown>) => work({} as ClientSession) } as TransactionRunner;
    sut = new InvitationMailSender(invitations as unknown as InvitationsRepository, copies, tokens, clock, transport, config, tx, outbox as unknown as Outbox);
  });

  const tokenIn = (message: MailMessage) => message.textPart.match(/token=([A-Za-z0-9_-]{43})/)![1];

  it('sends once and stores only the hash of the mailed token', async () => {
    expect(await sut.sendNext()).toBe(true);
    expect(await sut.sendNext()).toBe(false);
    expect(sent).toHaveLength(1);
    const token = tokenIn(sent[0]);
    expect(invitations.invitation.tokenHash).toBe(tokens.hashOf(token));
    expect(JSON.stringify(invitations.invitation)).not.toContain(token);
    expect(invitations.invitation.delivery).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a failed send is retried later, with a new token, and is not lost', async () => {
    failures = 1;
    await sut.sendNext();
    expect(sent).toHaveLength(0);
    expect(invitations.invitation.delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: 'SMTP 421 try again later' });
    expect(await sut.sendNext()).toBe(false); // not due yet
    clock.advance(1000);
    expect(await sut.sendNext()).toBe(true);
    expect(sent).toHaveLength(1);
    expect(invitations.invitation.tokenHash).toBe(tokens.hashOf(tokenIn(sent[0])));
    expect(invitations.invitation.delivery).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives up after MAIL_MAX_ATTEMPTS and shows the delivery as failed', async () => {
    failures = 10;
    for (let attempt = 0; attempt < 3; attempt++) {
      await sut.sendNext();
      clock.advance(60_000);
    }
    expect(invitations.invitation.delivery).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await sut.sendNext()).toBe(false);
    expect(outbox.record).toHaveBeenCalledTimes(1);
    expect(outbox.record.mock.calls[0][0]).toEqual([
      expect.objectContaining({ type: 'invitation.delivery-failed', data: expect.objectContaining({ invitationId: 'inv-1', attempts: 3 }) }),
    ]);
  });
});
