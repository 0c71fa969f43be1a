import { Schema } from 'mongoose';

export const CONTRACT_COPY = 'ContractCopy';

/**
 * Our copy of a contract, from contract.updated / contract.expired: its term and its workspaces
 * (grants and requests know their workspace, not their contract). Written only by a newer
 * revision, so a late event never undoes a renewal.
 */
export interface ContractCopyRecord {
  _id: string;
  endsAt: Date;
  workspaceIds: string[];
  revision: number;
}

export const contractCopySchema = new Schema<ContractCopyRecord>(
  {
    _id: { type: String, required: true },
    endsAt: { type: Date, required: true },
    workspaceIds: { type: [String], default: [] },
    revision: { type: Number, required: true },
  },
  { collection: 'contract_copies', versionKey: false },
);
contractCopySchema.index({ workspaceIds: 1 });
