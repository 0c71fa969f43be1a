import { keysetQuery } from '@support-hub/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import { deliveryFailed, deliverySent, dueDelivery, leaseDelivery, pendingDelivery } from '../mail/mail-delivery';
import type { InvitationRecord, InvitationStatus } from './invitation';
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

  /** An address's pending invitations whose expiry has passed (they hold its "one pending" slot). */
  findStale(workspaceId: string, email: string, now: Date, session?: ClientSession): Promise<InvitationRecord[]> {
    return this.invitations.find({ workspaceId, email, status: 'pending', expiresAt: { $lte: now } }, null, { session }).lean<InvitationRecord[]>().exec();
  }

  /** Pending invitations whose expiry has passed, oldest expiry first (the sweep's work). */
  findDue(now: Date, limit: number): Promise<InvitationRecord[]> {
    return this.invitations.find({ status: 'pending', expiresAt: { $lte: now } }).sort({ expiresAt: 1, _id: 1 }).limit(limit).lean<InvitationRecord[]>().exec();
  }

  /** pending and past its expiry → expired; null when something else got there first. */
  markExpired(id: string, now: Date, session: ClientSession): Promise<InvitationRecord | null> {
    return this.invitations
      .findOneAndUpdate({ _id: id, status: 'pending', expiresAt: { $lte: now } }, { $set: { status: 'expired' } }, { returnDocument: 'after', session })
      .lean<InvitationRecord>()
      .exec();
  }

  /** The tenant each of these users accepted an invitation of the workspace with (the latest acceptance wins). */
  async acceptedTenantsOf(workspaceId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.invitations
      .find({ workspaceId, status: 'accepted', acceptedBy: { $in: [...userIds] }, acceptedTenantId: { $type: 'string' } }, { acceptedBy: 1, acceptedTenantId: 1 })
      .sort({ acceptedAt: 1 })
      .lean<Pick<InvitationRecord, 'acceptedBy' | 'acceptedTenantId'>[]>()
      .exec();
    return new Map(rows.map((row) => [row.acceptedBy!, row.acceptedTenantId!]));
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
  accept(id: string, tokenHash: string, user: { id: string; tenantId: string }, now: Date, session: ClientSession): Promise<InvitationRecord | null> {
    return this.invitations
      .findOneAndUpdate(
        { _id: id, tokenHash, status: 'pending', expiresAt: { $gt: now } },
        { $set: { status: 'accepted', acceptedAt: now, acceptedBy: user.id, acceptedTenantId: user.tenantId } },
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
  rotate(id: string, now: Date, expiresAt: Date, session: ClientSession): Promise<InvitationRecord | null> {
    return this.invitations
      .findOneAndUpdate(
        { _id: id, status: 'pending', expiresAt: { $gt: now } },
        { $set: { tokenHash: null, expiresAt, delivery: pendingDelivery(now) } },
        { returnDocument: 'after', session },
      )
      .lean<InvitationRecord>()
      .exec();
  }

  /** Leases the next email due, if any: a pending invitation whose delivery is due and unclaimed. */
  claimDelivery(now: Date, claim: string, leaseUntil: Date): Promise<InvitationRecord | null> {
    return this.invitations
      .findOneAndUpdate({ $and: [{ status: 'pending', expiresAt: { $gt: now } }, dueDelivery<InvitationRecord>(now)] }, leaseDelivery<InvitationRecord>(claim, leaseUntil), {
        returnDocument: 'after',
        sort: { 'delivery.nextAttemptAt': 1, _id: 1 },
      })
      .lean<InvitationRecord>()
      .exec();
  }

  /** Stores the hash of the token about to be mailed, if the claim still holds (no resend or revoke since). */
  async setTokenHash(id: string, claim: string, tokenHash: string): Promise<boolean> {
    const result = await this.invitations.updateOne({ _id: id, status: 'pending', 'delivery.claim': claim }, { $set: { tokenHash } });
    return result.modifiedCount === 1;
  }

  async markDelivered(id: string, claim: string, now: Date): Promise<void> {
    await this.invitations.updateOne({ _id: id, 'delivery.claim': claim }, deliverySent(now));
  }

  /** A failed attempt: due again at `retryAt`, or given up (`failed`, until a resend) when null; false when the claim was lost. */
  async markDeliveryFailed(id: string, claim: string, error: string, retryAt: Date | null, session?: ClientSession): Promise<boolean> {
    const result = await this.invitations.updateOne({ _id: id, 'delivery.claim': claim }, deliveryFailed(error, retryAt), { session });
    return result.modifiedCount === 1;
  }
}
