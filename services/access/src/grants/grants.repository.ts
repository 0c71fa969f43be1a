import { keysetQuery } from '@support-hub/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import type { GrantBasis, GrantEnding, GrantRecord, GrantStatus, IndexedGrant, LiveGrant } from './grant';
import { GRANT } from './grant.schema';

const LIVE_GRANT_PROJECTION = { _id: 1, basis: 1, expiresAt: 1, caseId: 1, workspaceId: 1 } as const;
const INDEXED_GRANT_PROJECTION = { ...LIVE_GRANT_PROJECTION, engineerId: 1, tenantId: 1 } as const;

@Injectable()
export class GrantsRepository {
  constructor(@Inject(GRANT) private readonly grants: Model<GrantRecord>) {}

  async insert(grant: GrantRecord, session: ClientSession): Promise<void> {
    await this.grants.create([grant], { session });
  }

  findById(id: string, session?: ClientSession): Promise<GrantRecord | null> {
    return this.grants.findById(id).session(session ?? null).lean<GrantRecord>().exec();
  }

  /**
   * The access check and every diagnostic read: equality on the compound index
   * (engineerId, tenantId, status), expiry compared on the few rows it yields, a lean
   * projection of five fields; no hydration, no other lookup.
   */
  findLive(engineerId: string, tenantId: string, now: Date): Promise<LiveGrant | null> {
    return this.grants
      .findOne({ engineerId, tenantId, status: 'active', expiresAt: { $gt: now } }, LIVE_GRANT_PROJECTION)
      .lean<LiveGrant>()
      .exec();
  }

  /** The active grants of one (engineer, tenant) key: the live-grant index's reload of a key. */
  activeForIndex(key: Pick<GrantRecord, 'engineerId' | 'tenantId'>): Promise<IndexedGrant[]> {
    return this.grants.find({ engineerId: key.engineerId, tenantId: key.tenantId, status: 'active' }, INDEXED_GRANT_PROJECTION).lean<IndexedGrant[]>().exec();
  }

  /**
   * Every active grant, streamed in batches (the index's full load): with 100k live grants one
   * array would hold the event loop for a second; a batch at a time, checks and reads go on between.
   */
  async *eachActiveForIndex(batchSize = 2_000): AsyncIterable<IndexedGrant[]> {
    const cursor = this.grants.find({ status: 'active' }, INDEXED_GRANT_PROJECTION).lean<IndexedGrant[]>().cursor({ batchSize });
    let batch: IndexedGrant[] = [];
    for await (const grant of cursor) {
      batch.push(grant as IndexedGrant);
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (batch.length > 0) yield batch;
  }

  activeOfCase(caseId: string, session: ClientSession, basis?: GrantBasis): Promise<GrantRecord[]> {
    return this.grants
      .find({ caseId, status: 'active', ...(basis && { basis }) })
      .session(session)
      .lean<GrantRecord[]>()
      .exec();
  }

  activeOfEngineer(engineerId: string, session: ClientSession): Promise<GrantRecord[]> {
    return this.grants.find({ engineerId, status: 'active' }).session(session).lean<GrantRecord[]>().exec();
  }

  activeInWorkspaces(workspaceIds: readonly string[], session: ClientSession): Promise<GrantRecord[]> {
    if (workspaceIds.length === 0) return Promise.resolve([]);
    return this.grants.find({ workspaceId: { $in: [...workspaceIds] }, status: 'active' }).session(session).lean<GrantRecord[]>().exec();
  }

  /** Stores an ending the model decided; false when the grant had already ended (another path got there first). */
  async end(grantId: string, ending: GrantEnding, session: ClientSession): Promise<boolean> {
    const result = await this.grants.updateOne(
      { _id: grantId, status: 'active' },
      { $set: { status: ending.status, endReason: ending.reason, endedAt: ending.endedAt, endedBy: ending.endedBy } },
      { session },
    );
    return result.modifiedCount === 1;
  }

  activeDue(now: Date, limit: number): Promise<GrantRecord[]> {
    return this.grants.find({ status: 'active', expiresAt: { $lte: now } }).limit(limit).lean<GrantRecord[]>().exec();
  }

  /** Filtered by the status as of `now` (`effectiveGrantStatus`): an unrecorded expiry already counts. */
  listForTenant(tenantId: string, filter: GrantListFilter, now: Date, after: CursorPosition | null, limit: number): Promise<GrantRecord[]> {
    return this.newestFirst({ tenantId, ...ofCase(filter), ...statusAsOf(filter.status, now) }, after, limit);
  }

  listForEngineer(engineerId: string, filter: GrantListFilter, now: Date, after: CursorPosition | null, limit: number): Promise<GrantRecord[]> {
    return this.newestFirst({ engineerId, ...ofCase(filter), ...statusAsOf(filter.status, now) }, after, limit);
  }

  private newestFirst(base: QueryFilter<GrantRecord>, after: CursorPosition | null, limit: number): Promise<GrantRecord[]> {
    const { filter, sort } = keysetQuery(base, 'grantedAt', 'newest-first', after);
    return this.grants.find(filter).sort(sort).limit(limit).lean<GrantRecord[]>().exec();
  }
}

/** `effectiveGrantStatus` as a query: an active grant past its expiry is expired. */
function statusAsOf(status: GrantStatus | undefined, now: Date): QueryFilter<GrantRecord> {
  if (status === 'active') return { status, expiresAt: { $gt: now } };
  if (status === 'expired') return { $or: [{ status }, { status: 'active', expiresAt: { $lte: now } }] };
  return status ? { status } : {};
}

export interface GrantListFilter {
  status?: GrantStatus;
  caseId?: string;
}

function ofCase(filter: GrantListFilter): QueryFilter<GrantRecord> {
  return filter.caseId ? { caseId: filter.caseId } : {};
}
