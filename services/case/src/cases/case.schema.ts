import { Schema } from 'mongoose';
import type { CaseRecord } from './case';

export const CASE = 'Case';

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
    place: { type: String, default: null },
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
// One open case per place of an engineer's load: concurrent bookings of one place collide here.
caseSchema.index({ place: 1 }, { name: 'one_case_per_place', unique: true, partialFilterExpression: { place: { $type: 'string' } } });
caseSchema.index({ status: 1, assignedEngineerId: 1, productAreaKey: 1 });
caseSchema.index({ assignedEngineerId: 1, assignedAt: -1 });
caseSchema.index({ status: 1, assignedEngineerId: 1, openedAt: 1, _id: 1 });
