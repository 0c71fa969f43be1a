import { Schema } from 'mongoose';
import type { WorkspaceRecord } from './workspace';

export const WORKSPACE = 'Workspace';

export const workspaceSchema = new Schema<WorkspaceRecord>(
  {
    _id: { type: String, required: true },
    contractId: { type: String, required: true },
    customerTenantId: { type: String, required: true },
    contractType: { type: String, enum: ['premier', 'unified'], required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    purpose: { type: String, default: '' },
    isDefault: { type: Boolean, required: true },
    services: { type: [String], default: [] },
    allowPersonalAccounts: { type: Boolean, required: true },
    csamId: { type: String, default: null },
    accountCoordinatorId: { type: String, default: null },
    revision: { type: Number, required: true },
    createdBy: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'workspaces', versionKey: false, minimize: false },
);
workspaceSchema.index({ contractId: 1, nameKey: 1 }, { unique: true });
// One default workspace per contract, whoever activates it and however often.
workspaceSchema.index({ contractId: 1 }, { unique: true, partialFilterExpression: { isDefault: true }, name: 'one_default_per_contract' });
workspaceSchema.index({ csamId: 1, createdAt: 1, _id: 1 });
workspaceSchema.index({ accountCoordinatorId: 1, createdAt: 1, _id: 1 });
