import { Schema } from 'mongoose';
import type { ContractType } from '../contracts/contract.schema';

export const WORKSPACE = 'Workspace';

export interface WorkspaceRecord {
  _id: string;
  contractId: string;
  customerTenantId: string;
  contractType: ContractType;
  name: string;
  /** Lower-cased name: names are unique per contract whatever their case. */
  nameKey: string;
  purpose: string;
  isDefault: boolean;
  services: string[];
  allowPersonalAccounts: boolean;
  /** Copied from the contract (they never change) so "workspaces I manage" is one query. */
  csamId: string | null;
  accountCoordinatorId: string | null;
  /**
   * Bumped by every change of the workspace or of its memberships, in the same transaction.
   * It is the `revision` of the workspace.* events, so copies elsewhere keep only newer facts;
   * and two concurrent membership changes conflict on it, which is what keeps the last admin.
   */
  revision: number;
  createdBy: string | null;
  createdAt: Date;
}

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
