import { Schema } from 'mongoose';

export const ACTIVITY_CASE = 'ActivityCase';
export const ACTIVITY_GRANT = 'ActivityGrant';
export const ACTIVITY_ENTRY = 'ActivityEntry';

/** Our copy of a case, from case.* events: only what Customer Activity counts. */
export interface ActivityCaseRecord {
  _id: string;
  workspaceId: string;
  status: 'open' | 'closed';
  severity: 'A' | 'B' | 'C';
  productArea: string;
  title: string | null;
  revision: number;
  updatedAt: Date;
}

export const activityCaseSchema = new Schema<ActivityCaseRecord>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    status: { type: String, required: true },
    severity: { type: String, required: true },
    productArea: { type: String, required: true },
    title: { type: String, default: null },
    revision: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'activity_cases', versionKey: false },
);
activityCaseSchema.index({ workspaceId: 1, status: 1, severity: 1 });

/**
 * Our copy of an access grant, from access.granted/revoked. A grant only ever goes from active
 * to revoked, so "revoked" wins whatever the order the two events arrive in.
 */
export interface ActivityGrantRecord {
  _id: string;
  workspaceId: string;
  caseId: string;
  /** The resource tenant whose data the grant opens: only that tenant's workspaces count it. */
  tenantId: string;
  status: 'active' | 'revoked';
  expiresAt: Date;
}

export const activityGrantSchema = new Schema<ActivityGrantRecord>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    caseId: { type: String, required: true },
    tenantId: { type: String, required: true },
    status: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'activity_grants', versionKey: false },
);
activityGrantSchema.index({ workspaceId: 1, tenantId: 1, status: 1, expiresAt: 1 });

/** One line of the recent-activity feed; its id is the event's, so a redelivery adds nothing. */
export interface ActivityEntryRecord {
  _id: string;
  workspaceId: string;
  type: string;
  at: Date;
  caseId: string | null;
  summary: string;
  /**
   * Set for grant lines: an approved access is visible only to the resource tenant, so the line
   * shows only in workspaces of that tenant (a cross-tenant grant stays out of the request
   * tenant's view). Null: visible to the workspace.
   */
  restrictedToTenant: string | null;
}

// The feed shows recent activity only; older lines are dropped by the database.
const FEED_RETENTION_SECONDS = 180 * 24 * 3600;

export const activityEntrySchema = new Schema<ActivityEntryRecord>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    caseId: { type: String, default: null },
    summary: { type: String, required: true },
    restrictedToTenant: { type: String, default: null },
  },
  { collection: 'activity_entries', versionKey: false },
);
activityEntrySchema.index({ workspaceId: 1, at: -1 });
activityEntrySchema.index({ at: 1 }, { expireAfterSeconds: FEED_RETENTION_SECONDS });
