import { Schema } from 'mongoose';

export const CASE = 'Case';

export type Severity = 'A' | 'B' | 'C';
export type CaseStatus = 'open' | 'closed';

export interface CaseRecord {
  _id: string;
  workspaceId: string;
  /** The tenant the case was filed from (the opener's `tid`). */
  requestTenantId: string;
  /** The tenant where the problem occurs: the tenant whose diagnostic data may be read. */
  resourceTenantId: string;
  title: string;
  description: string;
  severity: Severity;
  productArea: string;
  productAreaKey: string;
  allowAdvancedDiagnostics: boolean;
  status: CaseStatus;
  assignedEngineerId: string | null;
  assignedAt: Date | null;
  openedBy: string;
  openedAt: Date;
  closedBy: string | null;
  closedAt: Date | null;
  reopenedBy: string | null;
  reopenedAt: Date | null;
  /** Bumped by every change that others learn about through an event (the event carries it). */
  revision: number;
  updatedAt: Date;
}

export const caseSchema = new Schema<CaseRecord>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    requestTenantId: { type: String, required: true },
    resourceTenantId: { type: String, required: true },
    title: { type: String, required: true },
    description: { type: String, required: true },
    severity: { type: String, enum: ['A', 'B', 'C'], required: true },
    productArea: { type: String, required: true },
    productAreaKey: { type: String, required: true },
    allowAdvancedDiagnostics: { type: Boolean, required: true },
    status: { type: String, enum: ['open', 'closed'], required: true },
    assignedEngineerId: { type: String, default: null },
    assignedAt: { type: Date, default: null },
    openedBy: { type: String, required: true },
    openedAt: { type: Date, required: true },
    closedBy: { type: String, default: null },
    closedAt: { type: Date, default: null },
    reopenedBy: { type: String, default: null },
    reopenedAt: { type: Date, default: null },
    revision: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'cases', versionKey: false },
);
caseSchema.index({ workspaceId: 1, openedAt: -1, _id: -1 });
caseSchema.index({ assignedEngineerId: 1, status: 1 });
caseSchema.index({ status: 1, assignedEngineerId: 1, productAreaKey: 1 });
