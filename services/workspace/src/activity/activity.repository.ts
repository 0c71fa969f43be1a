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
   * counted only in workspaces of the tenant whose data they open. One query for any number of
   * workspaces (no `$or` per workspace): grouped by workspace and tenant, the tenant checked here.
   */
  async openGrantCounts(scopes: readonly ActivityScope[], now: Date): Promise<Map<string, number>> {
    if (scopes.length === 0) return new Map();
    const tenantOf = new Map(scopes.map((scope) => [scope.workspaceId, scope.tenantId]));
    const rows = await this.grants.aggregate<{ _id: { workspaceId: string; tenantId: string }; count: number }>([
      { $match: { workspaceId: { $in: [...tenantOf.keys()] }, status: 'active', expiresAt: { $gt: now } } },
      { $group: { _id: { workspaceId: '$workspaceId', tenantId: '$tenantId' }, count: { $sum: 1 } } },
    ]);
    const counts = new Map<string, number>();
    for (const { _id, count } of rows) {
      if (tenantOf.get(_id.workspaceId) === _id.tenantId) counts.set(_id.workspaceId, (counts.get(_id.workspaceId) ?? 0) + count);
    }
    return counts;
  }

  /**
   * The newest `limit` feed lines of each workspace that the workspace's customer may see (lines
   * restricted to another tenant left out), newest first. One query for any number of workspaces:
   * the newest `limit` of each (workspace, restriction) group; the allowed groups are merged here.
   */
  async recentEntriesByWorkspace(scopes: readonly ActivityScope[], limit: number): Promise<Map<string, ActivityEntryRecord[]>> {
    const feeds = new Map<string, ActivityEntryRecord[]>(scopes.map((scope) => [scope.workspaceId, []]));
    if (scopes.length === 0) return feeds;
    const tenantOf = new Map(scopes.map((scope) => [scope.workspaceId, scope.tenantId]));
    const groups = await this.entries.aggregate<{ _id: { workspaceId: string; restrictedToTenant: string | null }; newest: ActivityEntryRecord[] }>([
      { $match: { workspaceId: { $in: [...tenantOf.keys()] }, restrictedToTenant: { $in: [null, ...new Set(tenantOf.values())] } } },
      {
        $group: {
          _id: { workspaceId: '$workspaceId', restrictedToTenant: '$restrictedToTenant' },
          newest: { $topN: { n: limit, sortBy: { at: -1, _id: -1 }, output: '$$ROOT' } },
        },
      },
    ]);
    for (const { _id, newest } of groups) {
      const restriction = _id.restrictedToTenant ?? null;
      if (restriction === null || restriction === tenantOf.get(_id.workspaceId)) feeds.get(_id.workspaceId)!.push(...newest);
    }
    for (const [workspaceId, entries] of feeds) feeds.set(workspaceId, newestFirst(entries).slice(0, limit));
    return feeds;
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

/** Newest first; equal times by id, as the feed's index orders them. */
export function newestFirst(entries: readonly ActivityEntryRecord[]): ActivityEntryRecord[] {
  return [...entries].sort((a, b) => b.at.getTime() - a.at.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0));
}
