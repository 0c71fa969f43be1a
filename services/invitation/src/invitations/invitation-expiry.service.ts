import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { Outbox } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock } from '@support-hub/platform';
import { WorkspaceCopiesRepository } from '../workspaces/workspace-copies.repository';
import type { InvitationRecord } from './invitation';
import { invitationExpired } from './invitation-events';
import { InvitationsRepository } from './invitations.repository';

const SWEEP_BATCH = 100;

/**
 * Records that pending invitations expired, each with its `invitation.expired` in the same
 * transaction. Reads never wait for it (they compare `expiresAt` with the clock); the sweep makes
 * the event appear within a sweep interval, and inviting the address again records it at once.
 */
@Injectable()
export class InvitationExpiry {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly copies: WorkspaceCopiesRepository,
    private readonly outbox: Outbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Expires an address's stale invitations in the caller's transaction (frees its "one pending" slot). */
  async expireStaleOf(workspaceId: string, email: string, now: Date, session: ClientSession): Promise<void> {
    for (const stale of await this.invitations.findStale(workspaceId, email, now, session)) await this.expire(stale, now, session);
  }

  /** The sweep: every invitation past its expiry; returns how many this pass expired. */
  async expireDue(): Promise<number> {
    const now = this.clock.now();
    let expired = 0;
    for (;;) {
      const due = await this.invitations.findDue(now, SWEEP_BATCH);
      for (const invitation of due) if (await this.tx.run((session) => this.expire(invitation, now, session))) expired += 1;
      // An invitation another replica expired first is no longer due: each batch shrinks the rest.
      if (due.length < SWEEP_BATCH) return expired;
    }
  }

  private async expire(invitation: InvitationRecord, now: Date, session: ClientSession): Promise<boolean> {
    const expired = await this.invitations.markExpired(invitation._id, now, session);
    if (!expired) return false;
    const workspace = await this.copies.findWorkspace(invitation.workspaceId, session);
    await this.outbox.record([invitationExpired(expired, workspace)], session);
    return true;
  }
}
