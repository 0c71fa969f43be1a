import { keysetQuery } from '@support-hub/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import { pendingDelivery, type InvitationRecord, type InvitationStatus } from './invitation';
import { INVITATION } from './invitation.schema';

/** The only code that touches the invitations collection. */
@Injectable()
export class InvitationsRepository {
  constructor(@Inject(INVITATION) private readonly invitations: Model<InvitationRecord>) {}

  async insert(invitation: InvitationRecord, session: ClientSession): Promise<void> {
    await this.invitations.create([invitation], { session });
  }

  findById(id: string): Promise<InvitationRecord | null> {
    return this.invitations.findById(id).lean<InvitationRecord>().exec();
  }

  findByTokenHash(tokenHash: string): Promise<InvitationRecord | null> {
    return this.invitations.findOne({ tokenHash }).lean<InvitationRecord>().exec();
  }

  /** The live pending invitation of an address, if any. */
  findPending(workspaceId: string, email: string, now: Date, session: ClientSession): Promise<InvitationRecord | null> {
    return this.invitations
      .findOne({ workspaceId, email, status: 'pending', expiresAt: { $gt: now } }, null, { session })
      .lean<InvitationRecord>()
      .exec();
  }

  /** Marks an address's pending-but-past-expiry invitation expired, freeing its "one pending" slot. */
  async expireStale(workspaceId: string, email: string, now: Date, session?: ClientSession): Promise<void> {
    await this.invitations.updateMany(
      { workspaceId, email, status: 'pending', expiresAt: { $lte: now } },
      { $set: { status: 'expired' } },
      { session },
    );
  }

  page(workspaceId: string, status: InvitationStatus | undefined, now: Date, after: CursorPosition | null, limit: number): Promise<InvitationRecord[]> {
    const conditions: QueryFilter<InvitationRecord>[] = [{ workspaceId }];
    if (status === 'pending') conditions.push({ status: 'pending', expiresAt: { $gt: now } });
    if (status === 'expired') conditions.push({ $or: [{ status: 'expired' }, { status: 'pending', expiresAt: { $lte: now } }] });
    if (status === 'accepted' || status === 'revoked') conditions.push({ status });
    const { filter, sort } = keysetQuery<InvitationRecord>({ $and: conditions }, 'createdAt', 'oldest-first', after);
    return this.invitations.find(filter).sort(sort).limit(limit).lean<InvitationRecord[]>().exec();
  }

  /** pending → accepted, only with the current token and before expiry: a second accept finds nothing. */
  accept(id: string, tokenHash: string, userId: string, now: Date, session: ClientSession): Promise<InvitationRecord | null> {
    return this.invitations
      .findOneAndUpdate(
        { _id: id, tokenHash, status: 'pending', expiresAt: { $gt: now } },
        { $set: { status: 'accepted', acceptedAt: now, acceptedBy: userId } },
        { returnDocument: 'after', session },
      )
      .lean<InvitationRecord>()
      .exec();
  }

  revoke(id: string, userId: string, now: Date, session: ClientSession): Promise<InvitationRecord | null> {
    return this.invitations
      .findOneAndUpdate(
        { _id: id, status: 'pending' },
        { $set: { status: 'revoked', revokedAt: now, revokedBy: userId } },
        { returnDocument: 'after', session },
      )
      .lean<InvitationRecord>()
      .exec();
  }

  /**
   * Resend: the old token stops working at once (its hash is dropped), the expiry starts again,
   * and a new email (with a new token) is queued.
   */
  rotate(id: string, now: Date, expiresAt: Date): Promise<InvitationRecord | null> {
    return this.invitations
      .findOneAndUpdate(
        { _id: id, status: 'pending', expiresAt: { $gt: now } },
        { $set: { tokenHash: null, expiresAt, delivery: pendingDelivery(now) } },
        { returnDocument: 'after' },
      )
      .lean<InvitationRecord>()
      .exec();
  }

  /** Leases the next email due, if any: a pending invitation whose delivery is due and unclaimed. */
  claimDelivery(now: Date, claim: string, leaseUntil: Date): Promise<InvitationRecord | null> {
    return this.invitations
      .findOneAndUpdate(
        {
          status: 'pending',
          expiresAt: { $gt: now },
          'delivery.status': 'pending',
          'delivery.nextAttemptAt': { $lte: now },
          $or: [{ 'delivery.claimedUntil': null }, { 'delivery.claimedUntil': { $lte: now } }],
        },
        { $set: { 'delivery.claim': claim, 'delivery.claimedUntil': leaseUntil } },
        { returnDocument: 'after', sort: { 'delivery.nextAttemptAt': 1, _id: 1 } },
      )
      .lean<InvitationRecord>()
      .exec();
  }

  /** Stores the hash of the token about to be mailed, if the claim still holds (no resend or revoke since). */
  async setTokenHash(id: string, claim: string, tokenHash: string): Promise<boolean> {
    const result = await this.invitations.updateOne({ _id: id, status: 'pending', 'delivery.claim': claim }, { $set: { tokenHash } });
    return result.modifiedCount === 1;
  }

  async markDelivered(id: string, claim: string, now: Date): Promise<void> {
    await this.invitations.updateOne(
      { _id: id, 'delivery.claim': claim },
      {
        $set: { 'delivery.status': 'sent', 'delivery.sentAt': now, 'delivery.claim': null, 'delivery.claimedUntil': null, 'delivery.lastError': null },
        $inc: { 'delivery.attempts': 1 },
      },
    );
  }

  /** A failed attempt: due again at `retryAt`, or given up (`failed`, until a resend) when null. */
  async markDeliveryFailed(id: string, claim: string, error: string, retryAt: Date | null): Promise<void> {
    const set: Record<string, unknown> = {
      'delivery.status': retryAt ? 'pending' : 'failed',
      'delivery.claim': null,
      'delivery.claimedUntil': null,
      'delivery.lastError': error.slice(0, 500),
    };
    if (retryAt) set['delivery.nextAttemptAt'] = retryAt;
    await this.invitations.updateOne({ _id: id, 'delivery.claim': claim }, { $set: set, $inc: { 'delivery.attempts': 1 } });
  }
}
