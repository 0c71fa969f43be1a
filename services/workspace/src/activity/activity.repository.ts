import { Inject, Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '@support-hub/persistence';
import {
  ACTIVITY_CASE,
  ACTIVITY_ENTRY,
  ACTIVITY_GRANT,
  type ActivityCaseRecord,
  type ActivityEntryRecord,
  type ActivityGrantRecord,
} from './activity.schema';

export interface CaseCountRow {
  workspaceId: string;
  status: ActivityCaseRecord['status'];
  severity: ActivityCaseRecord['severity'];
  count: number;
}

/** A workspace as Customer Activity reads it: its id and its customer's tenant. */
export interface ActivityScope {
  workspaceId: string;
  tenantId: string;
}

/** The only code that touches the Customer Activity read model. */
@Injectable()
export class ActivityRepository {
  constructor(
    @Inject(ACTIVITY_CASE) private readonly cases: Model<ActivityCaseRecord>,
    @Inject(ACTIVITY_GRANT) private readonly grants: Model<ActivityGrantRecord>,
    @Inject(ACTIVITY_ENTRY) private readonly entries: Model<ActivityEntryRecord>,
  ) {}

  /**
   * Keeps the copy of a case only if `copy.revision` is newer than the stored one (events come
   * twice and out of order). Two first deliveries racing to insert: the loser retries as update.
   */
  async storeCaseIfNewer(copy: ActivityCaseRecord): Promise<boolean> {
    const { _id, title, ...fields } = copy;
    for (let attempt = 0; attempt < 3; attempt++) {
      const updated = await this.cases.updateOne({ _id, revision: { $lt: copy.revision } }, { $set: fields });
      if (updated.matchedCount === 1) return true;
      if (await this.cases.exists({ _id })) return false;
      try {
        await this.cases.create([{ ...fields, _id, title }]);
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    return false;
  }

  /** The title travels only in case.opened, which may arrive after a newer event. */
  async setCaseTitle(caseId: string, title: string): Promise<void> {
    await this.cases.updateOne({ _id: caseId }, { $set: { title } });
  }

  async recordGrant(grant: ActivityGrantRecord): Promise<void> {
    const { _id, ...fields } = grant;
    // Insert-only: a grant already known (maybe already revoked) is never revived.
    await this.upsert(() => this.grants.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true }));
  }

  async revokeGrant(grant: Pick<ActivityGrantRecord, '_id' | 'workspaceId' | 'caseId' | 'tenantId'>, revokedAt: Date): Promise<void> {
    const { _id, ...fields } = grant;
    await this.upsert(() =>
      this.grants.updateOne(
        { _id },
        { $set: { status: 'revoked' }, $setOnInsert: { ...fields, expiresAt: revokedAt } },
        { upsert: true },
      ),
    );
  }

  async addEntry(entry: ActivityEntryRecord): Promise<void> {
    try {
      await this.entries.create([entry]);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // the same event again: already in the feed
    }
  }

  async caseCounts(workspaceIds: readonly string[]): Promise<CaseCountRow[]> {
    if (workspaceIds.length === 0) return [];
    const rows = await this.cases.aggregate<{ _id: { workspaceId: string; status: CaseCountRow['status']; severity: CaseCountRow['severity'] }; count: number }>([
      { $match: { workspaceId: { $in: [...workspaceIds] } } },
      { $group: { _id: { workspaceId: '$workspaceId', status: '$status', severity: '$severity' }, count: { $sum: 1 } } },
    ]);
    return rows.map((row) => ({ ...row._id, count: row.count }));
  }

  /**
   * Grants still active and not past their expiry (a lost revocation cannot keep one open),
   * counted only in workspaces of the tenant whose data they open.
   */
  async openGrantCounts(scopes: readonly ActivityScope[], now: Date): Promise<Map<string, number>> {
    if (scopes.length === 0) return new Map();
    const rows = await this.grants.aggregate<{ _id: string; count: number }>([
      {
        $match: {
          $or: scopes.map((scope) => ({ workspaceId: scope.workspaceId, tenantId: scope.tenantId })),
          status: 'active',
          expiresAt: { $gt: now },
        },
      },
      { $group: { _id: '$workspaceId', count: { $sum: 1 } } },
    ]);
    return new Map(rows.map((row) => [row._id, row.count]));
  }

  recentEntries(scopes: readonly ActivityScope[], limit: number): Promise<ActivityEntryRecord[]> {
    if (scopes.length === 0) return Promise.resolve([]);
    return this.entries
      .find({ $or: scopes.map((scope) => ({ workspaceId: scope.workspaceId, restrictedToTenant: { $in: [null, scope.tenantId] } })) })
      .sort({ at: -1, _id: -1 })
      .limit(limit)
      .lean<ActivityEntryRecord[]>()
      .exec();
  }

  private async upsert(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      // Two deliveries upserting the same new grant: the loser's write now matches and applies.
      if (!isDuplicateKey(error)) throw error;
      await write();
    }
  }
}
