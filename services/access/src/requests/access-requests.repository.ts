import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import { ACCESS_REQUEST, type AccessRequestRecord, type RequestStatus } from './access-request.schema';

@Injectable()
export class AccessRequestsRepository {
  constructor(@Inject(ACCESS_REQUEST) private readonly requests: Model<AccessRequestRecord>) {}

  async insert(request: AccessRequestRecord, session: ClientSession): Promise<void> {
    await this.requests.create([request], { session });
  }

  findById(id: string, session?: ClientSession): Promise<AccessRequestRecord | null> {
    return this.requests.findById(id).session(session ?? null).lean<AccessRequestRecord>().exec();
  }

  /** Writes `next` only over the version the caller read. */
  async replaceVersion(current: AccessRequestRecord, next: AccessRequestRecord, session: ClientSession): Promise<boolean> {
    const { _id, ...fields } = next;
    const result = await this.requests.updateOne({ _id, version: current.version }, { $set: { ...fields, version: current.version + 1 } }, { session });
    return result.modifiedCount === 1;
  }

  /** The engineer's request for this case and tenant that is still pending or approved, if any. */
  findOpen(caseId: string, resourceTenantId: string, engineerId: string, session: ClientSession): Promise<AccessRequestRecord | null> {
    return this.requests
      .findOne({ caseId, resourceTenantId, engineerId, status: { $in: ['pending', 'approved'] } })
      .session(session)
      .lean<AccessRequestRecord>()
      .exec();
  }

  ofCase(caseId: string, statuses: RequestStatus[], session: ClientSession): Promise<AccessRequestRecord[]> {
    return this.requests.find({ caseId, status: { $in: statuses } }).session(session).lean<AccessRequestRecord[]>().exec();
  }

  pendingOfEngineer(engineerId: string, session: ClientSession): Promise<AccessRequestRecord[]> {
    return this.requests.find({ engineerId, status: 'pending' }).session(session).lean<AccessRequestRecord[]>().exec();
  }

  pendingDue(now: Date, limit: number): Promise<AccessRequestRecord[]> {
    return this.requests.find({ status: 'pending', expiresAt: { $lte: now } }).limit(limit).lean<AccessRequestRecord[]>().exec();
  }

  /** Removed requests the request tenant still sees approved, whose grant would have expired by now. */
  async expireRemovedAsSeenByRequestTenant(now: Date): Promise<void> {
    const due = await this.requests
      .find({ status: 'removed', statusSeenByRequestTenant: 'approved', grantExpiresAt: { $lte: now } }, { _id: 1, grantExpiresAt: 1 })
      .lean<Pick<AccessRequestRecord, '_id' | 'grantExpiresAt'>[]>()
      .exec();
    for (const row of due) {
      await this.requests.updateOne(
        { _id: row._id, statusSeenByRequestTenant: 'approved' },
        { $set: { statusSeenByRequestTenant: 'expired', endedAtSeenByRequestTenant: row.grantExpiresAt }, $inc: { version: 1 } },
      );
    }
  }

  /**
   * Requests a tenant's admins see: as resource tenant, by their true status; as request tenant
   * only (cross-tenant), by the status the request tenant may know.
   */
  listForTenant(tenantId: string, status: RequestStatus | undefined, after: CursorPosition | null, limit: number): Promise<AccessRequestRecord[]> {
    const asResourceTenant: QueryFilter<AccessRequestRecord> = { resourceTenantId: tenantId, ...(status && { status }) };
    const asRequestTenant: QueryFilter<AccessRequestRecord> = {
      requestTenantId: tenantId,
      resourceTenantId: { $ne: tenantId },
      ...(status && { statusSeenByRequestTenant: status }),
    };
    return this.newestFirst({ $or: [asResourceTenant, asRequestTenant] }, after, limit);
  }

  listForEngineer(engineerId: string, status: RequestStatus | undefined, after: CursorPosition | null, limit: number): Promise<AccessRequestRecord[]> {
    return this.newestFirst({ engineerId, ...(status && { status }) }, after, limit);
  }

  private newestFirst(base: QueryFilter<AccessRequestRecord>, after: CursorPosition | null, limit: number): Promise<AccessRequestRecord[]> {
    const filter: QueryFilter<AccessRequestRecord> = after
      ? {
          $and: [base, { $or: [{ createdAt: { $lt: new Date(after.sortKey) } }, { createdAt: new Date(after.sortKey), _id: { $lt: after.id } }] }],
        }
      : base;
    return this.requests.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<AccessRequestRecord[]>().exec();
  }
}
