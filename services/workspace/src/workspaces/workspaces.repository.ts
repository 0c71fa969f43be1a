import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter, UpdateQuery } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import type { WorkspaceRecord } from './workspace';
import { WORKSPACE } from './workspace.schema';

/** The only code that touches the workspaces collection. */
@Injectable()
export class WorkspacesRepository {
  constructor(@Inject(WORKSPACE) private readonly workspaces: Model<WorkspaceRecord>) {}

  async insert(workspace: WorkspaceRecord, session: ClientSession): Promise<void> {
    await this.workspaces.create([workspace], { session });
  }

  findById(id: string, session?: ClientSession): Promise<WorkspaceRecord | null> {
    return this.workspaces.findById(id, null, { session }).lean<WorkspaceRecord>().exec();
  }

  findByIds(ids: readonly string[]): Promise<WorkspaceRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.workspaces.find({ _id: { $in: [...ids] } }).sort({ createdAt: 1, _id: 1 }).lean<WorkspaceRecord[]>().exec();
  }

  /** Workspaces with one of `ids` or managed by one of `managedBy`, in creation order, after `after`. */
  findVisible(
    ids: readonly string[],
    managedBy: readonly QueryFilter<WorkspaceRecord>[],
    after: CursorPosition | null,
    limit: number,
  ): Promise<WorkspaceRecord[]> {
    const visible: QueryFilter<WorkspaceRecord>[] = [...managedBy];
    if (ids.length > 0) visible.push({ _id: { $in: [...ids] } });
    if (visible.length === 0) return Promise.resolve([]);
    const filter: QueryFilter<WorkspaceRecord> = { $or: visible };
    if (after) {
      const at = new Date(after.sortKey);
      filter.$and = [{ $or: [{ createdAt: { $gt: at } }, { createdAt: at, _id: { $gt: after.id } }] }];
    }
    return this.workspaces.find(filter).sort({ createdAt: 1, _id: 1 }).limit(limit).lean<WorkspaceRecord[]>().exec();
  }

  /** The ids of a contract's workspaces, oldest first (its events list them). */
  async idsOfContract(contractId: string, session?: ClientSession): Promise<string[]> {
    const rows = await this.workspaces.find({ contractId }, { _id: 1 }, { session }).sort({ createdAt: 1, _id: 1 }).lean<{ _id: string }[]>().exec();
    return rows.map((row) => row._id);
  }

  /** The contract's account team changed: its workspaces follow (they hold the team for queries). */
  async setManagers(contractId: string, managers: Pick<WorkspaceRecord, 'csamId' | 'accountCoordinatorId'>, session: ClientSession): Promise<void> {
    await this.workspaces.updateMany({ contractId }, { $set: { csamId: managers.csamId, accountCoordinatorId: managers.accountCoordinatorId } }, { session });
  }

  /** Every workspace managed by one of `managedBy` (Customer Activity "all"), capped. */
  findManaged(managedBy: readonly QueryFilter<WorkspaceRecord>[], cap: number): Promise<WorkspaceRecord[]> {
    if (managedBy.length === 0) return Promise.resolve([]);
    return this.workspaces.find({ $or: [...managedBy] }).sort({ createdAt: 1, _id: 1 }).limit(cap).lean<WorkspaceRecord[]>().exec();
  }

  /**
   * Takes the next revision of a workspace inside the caller's transaction, applying `change`
   * in the same update. Null when the workspace does not exist.
   */
  async bumpRevision(id: string, session: ClientSession, change: WorkspaceChange = {}): Promise<WorkspaceRecord | null> {
    const update: UpdateQuery<WorkspaceRecord> = { $inc: { revision: 1 } };
    if (change.allowPersonalAccounts !== undefined) update.$set = { allowPersonalAccounts: change.allowPersonalAccounts };
    // $addToSet, not a computed list: two concurrent additions must both land.
    if (change.addServices?.length) update.$addToSet = { services: { $each: [...change.addServices] } };
    return this.workspaces.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after', session }).lean<WorkspaceRecord>().exec();
  }
}

export interface WorkspaceChange {
  allowPersonalAccounts?: boolean;
  addServices?: readonly string[];
}
