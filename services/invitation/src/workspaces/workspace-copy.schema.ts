import { Schema } from 'mongoose';

export const WORKSPACE_COPY = 'WorkspaceCopy';
export const MEMBER_COPY = 'MemberCopy';

/**
 * Our copy of a workspace, from workspace.* events: what deciding on invitations needs (its
 * Personal-account policy and who manages it). Written only by newer revisions.
 */
export interface WorkspaceCopyRecord {
  _id: string;
  contractId: string;
  customerTenantId: string;
  contractType: 'premier' | 'unified';
  name: string;
  allowPersonalAccounts: boolean;
  csamId: string | null;
  accountCoordinatorId: string | null;
  revision: number;
  /** The invitations listed by workspace.created were created (the event may come twice). */
  initialInvitationsIssued: boolean;
}

export const workspaceCopySchema = new Schema<WorkspaceCopyRecord>(
  {
    _id: { type: String, required: true },
    contractId: { type: String, required: true },
    customerTenantId: { type: String, required: true },
    contractType: { type: String, required: true },
    name: { type: String, required: true },
    allowPersonalAccounts: { type: Boolean, required: true },
    csamId: { type: String, default: null },
    accountCoordinatorId: { type: String, default: null },
    revision: { type: Number, required: true },
    initialInvitationsIssued: { type: Boolean, default: false },
  },
  { collection: 'workspace_copies', versionKey: false },
);

/** Our copy of a membership (who may invite, who is already in); removals are kept as tombstones. */
export interface MemberCopyRecord {
  /** `<workspaceId>:<userId>` */
  _id: string;
  workspaceId: string;
  userId: string;
  email: string | null;
  role: 'admin' | 'member';
  removed: boolean;
  revision: number;
}

export const memberCopySchema = new Schema<MemberCopyRecord>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    userId: { type: String, required: true },
    email: { type: String, default: null },
    role: { type: String, required: true },
    removed: { type: Boolean, required: true },
    revision: { type: Number, required: true },
  },
  { collection: 'member_copies', versionKey: false },
);
memberCopySchema.index({ workspaceId: 1, email: 1 });

export function memberCopyId(workspaceId: string, userId: string): string {
  return `${workspaceId}:${userId}`;
}
