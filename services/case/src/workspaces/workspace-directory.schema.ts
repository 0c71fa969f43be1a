import { Schema } from 'mongoose';

export const WORKSPACE_COPY = 'WorkspaceCopy';
export const MEMBERSHIP_COPY = 'MembershipCopy';

/**
 * What the case service knows of a workspace, from `workspace.created` and
 * `workspace.settings-changed`: who manages its contract, and whether Personal accounts may use it.
 */
export interface WorkspaceCopyRecord {
  _id: string;
  contractId: string;
  customerTenantId: string;
  csamId: string | null;
  accountCoordinatorId: string | null;
  /** Absent on copies stored before it was copied (the rule then fails closed for Personal accounts). */
  allowPersonalAccounts?: boolean;
  revision: number;
}

export const workspaceCopySchema = new Schema<WorkspaceCopyRecord>(
  {
    _id: { type: String, required: true },
    contractId: { type: String, required: true },
    customerTenantId: { type: String, required: true },
    csamId: { type: String, default: null },
    accountCoordinatorId: { type: String, default: null },
    allowPersonalAccounts: { type: Boolean },
    revision: { type: Number, required: true },
  },
  { collection: 'workspace_copies', versionKey: false },
);

/**
 * A membership as the workspace service last told us. A removal is kept as `active: false`
 * with its revision, so a late `member-added` of an older revision cannot bring it back.
 */
export interface MembershipCopyRecord {
  _id: string;
  workspaceId: string;
  userId: string;
  role: 'admin' | 'member';
  active: boolean;
  revision: number;
}

export const membershipCopySchema = new Schema<MembershipCopyRecord>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    userId: { type: String, required: true },
    role: { type: String, enum: ['admin', 'member'], required: true },
    active: { type: Boolean, required: true },
    revision: { type: Number, required: true },
  },
  { collection: 'membership_copies', versionKey: false },
);
membershipCopySchema.index({ workspaceId: 1, userId: 1 }, { unique: true });
membershipCopySchema.index({ userId: 1, active: 1 });

export function membershipIdOf(workspaceId: string, userId: string): string {
  return `${workspaceId}:${userId}`;
}
