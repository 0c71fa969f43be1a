import { keysetQuery } from '@support-hub/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import type { AccessRequestRecord, RequestStatus } from './access-request';
import { ACCESS_REQUEST } from './access-request.schema';

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
  async replaceVersion(current: AccessRequestRecord, next: AccessRequestRecord, session?: ClientSession): Promise<boolean> {
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

  pendingInWorkspaces(workspaceIds: readonly string[], session: ClientSession): Promise<AccessRequestRecord[]> {
    if (workspaceIds.length === 0) return Promise.resolve([]);
    return this.requests.find({ workspaceId: { $in: [...workspaceIds] }, status: 'pending' }).session(session).lean<AccessRequestRecord[]>().exec();
  }

  pendingDue(now: Date, limit: number): Promise<AccessRequestRecord[]> {
    return this.requests.find({ status: 'pending', expiresAt: { $lte: now } }).limit(limit).lean<AccessRequestRecord[]>().exec();
  }

  /** Removed requests the request tenant still sees approved, whose grant would have expired by now. */
  hiddenRemovalsDue(now: Date, limit: number): Promise<AccessRequestRecord[]> {
    return this.requests
      .find({ status: 'removed', statusSeenByRequestTenant: 'approved', grantExpiresAt: { $lte: now } })
      .limit(limit)
      .lean<AccessRequestRecord[]>()
      .exec();
  }

  /**
   * Requests a tenant's admins see: as resource tenant, by their true status; as request tenant
   * only (cross-tenant), by the status the request tenant may know.
   */
  listForTenant(tenantId: string, filter: RequestListFilter, now: Date, after: CursorPosition | null, limit: number): Promise<AccessRequestRecord[]> {
    const { status } = filter;
    const asResourceTenant: QueryFilter<AccessRequestRecord> = { $and: [{ resourceTenantId: tenantId }, statusAsOf('status', status, now)] };
    const asRequestTenant: QueryFilter<AccessRequestRecord> = {
      $and: [{ requestTenantId: tenantId, resourceTenantId: { $ne: tenantId } }, statusAsOf('statusSeenByRequestTenant', status, now)],
    };
    return this.newestFirst({ $and: [{ $or: [asResourceTenant, asRequestTenant] }, ofCase(filter)] }, after, limit);
  }

  listForEngineer(engineerId: string, filter: RequestListFilter, now: Date, after: CursorPosition | null, limit: number): Promise<AccessRequestRecord[]> {
    return this.newestFirst({ $and: [{ engineerId }, statusAsOf('status', filter.status, now), ofCase(filter)] }, after, limit);
  }

  private newestFirst(base: QueryFilter<AccessRequestRecord>, after: CursorPosition | null, limit: number): Promise<AccessRequestRecord[]> {
    const { filter, sort } = keysetQuery<AccessRequestRecord>(base, 'createdAt', 'newest-first', after);
    return this.requests.find(filter).sort(sort).limit(limit).lean<AccessRequestRecord[]>().exec();
  }
}

/**
 * `effectiveStatus` as a query, so a list filtered by status is right before the expiry sweep has
 * recorded anything: a pending request past its deadline and an approval past its grant's expiry
 * are expired.
 */
function statusAsOf(field: 'status' | 'statusSeenByRequestTenant', status: RequestStatus | undefined, now: Date): QueryFilter<AccessRequestRecord> {
  if (status === 'pending') return { [field]: 'pending', expiresAt: { $gt: now } };
  if (status === 'approved') return { [field]: 'approved', $or: [{ grantExpiresAt: null }, { grantExpiresAt: { $gt: now } }] };
  if (status === 'expired') {
    return { $or: [{ [field]: 'expired' }, { [field]: 'pending', expiresAt: { $lte: now } }, { [field]: 'approved', grantExpiresAt: { $lte: now } }] };
  }
  return status ? { [field]: status } : {};
}

export interface RequestListFilter {
  status?: RequestStatus;
  caseId?: string;
}

function ofCase(filter: RequestListFilter): QueryFilter<AccessRequestRecord> {
  return filter.caseId ? { caseId: filter.caseId } : {};
}
