import { Schema } from 'mongoose';

export const CONTRACT_COPY = 'ContractCopy';

/**
 * Our copy of a contract, from contract.* events: its term and account team. Written only by a
 * newer revision, so a late event never undoes a renewal or brings back a former CSAM.
 */
export interface ContractCopyRecord {
  _id: string;
  endsAt: Date;
  csamId: string | null;
  accountCoordinatorId: string | null;
  revision: number;
}

export const contractCopySchema = new Schema<ContractCopyRecord>(
  {
    _id: { type: String, required: true },
    endsAt: { type: Date, required: true },
    csamId: { type: String, default: null },
    accountCoordinatorId: { type: String, default: null },
    revision: { type: Number, required: true },
  },
  { collection: 'contract_copies', versionKey: false },
);
