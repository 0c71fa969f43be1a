import { Schema } from 'mongoose';

export const CASE_COPY = 'CaseCopy';

/**
 * The access service's copy of a case, built from `case.*` events (each carries the whole
 * snapshot and its revision). A `case.closed` for a case never heard of creates the copy
 * already closed — a tombstone — so a stale `case.opened` arriving later is older and ignored.
 */
export interface CaseCopyRecord {
  _id: string;
  workspaceId: string;
  requestTenantId: string;
  resourceTenantId: string;
  severity: 'A' | 'B' | 'C';
  productArea: string;
  status: 'open' | 'closed';
  assignedEngineerId: string | null;
  allowAdvancedDiagnostics: boolean;
  revision: number;
  closedAt: Date | null;
  /**
   * Bumped by every transaction that creates access for the case (approval, consent). The
   * close handler writes this document too, and so does a contract's expiry for every open case
   * of its workspaces, so the two always conflict on a real replica set and one of them sees the
   * other: no grant is created for a case that is closing or whose contract is expiring.
   */
  accessEpoch: number;
  updatedAt: Date;
}

export const caseCopySchema = new Schema<CaseCopyRecord>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    requestTenantId: { type: String, required: true },
    resourceTenantId: { type: String, required: true },
    severity: { type: String, enum: ['A', 'B', 'C'], required: true },
    productArea: { type: String, required: true },
    status: { type: String, enum: ['open', 'closed'], required: true },
    assignedEngineerId: { type: String, default: null },
    allowAdvancedDiagnostics: { type: Boolean, required: true },
    revision: { type: Number, required: true },
    closedAt: { type: Date, default: null },
    accessEpoch: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'case_copies', versionKey: false },
);
// A contract's expiry claims the open cases of its workspaces.
caseCopySchema.index({ workspaceId: 1, status: 1 });
