import { Schema } from 'mongoose';

export const CONTRACT = 'Contract';

export type ContractType = 'premier' | 'unified';
export type ContractStatus = 'draft' | 'active' | 'expired';

export interface Person {
  email: string;
  name: string;
}

export interface ContractRecord {
  _id: string;
  customerName: string;
  customerTenantId: string;
  type: ContractType;
  startsAt: Date;
  endsAt: Date;
  serviceAdmin: Person;
  supportContacts: Person[];
  services: string[];
  /** The contract's CSAM and account coordinator (user ids): the only people who manage it. */
  csamId: string | null;
  accountCoordinatorId: string | null;
  status: ContractStatus;
  defaultWorkspaceId: string | null;
  createdBy: string;
  createdAt: Date;
  activatedAt: Date | null;
  expiredAt: Date | null;
}

const personSchema = new Schema<Person>({ email: { type: String, required: true }, name: { type: String, required: true } }, { _id: false });

export const contractSchema = new Schema<ContractRecord>(
  {
    _id: { type: String, required: true },
    customerName: { type: String, required: true },
    customerTenantId: { type: String, required: true },
    type: { type: String, enum: ['premier', 'unified'], required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    serviceAdmin: { type: personSchema, required: true },
    supportContacts: { type: [personSchema], default: [] },
    services: { type: [String], default: [] },
    csamId: { type: String, default: null },
    accountCoordinatorId: { type: String, default: null },
    status: { type: String, enum: ['draft', 'active', 'expired'], required: true },
    defaultWorkspaceId: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    activatedAt: { type: Date, default: null },
    expiredAt: { type: Date, default: null },
  },
  { collection: 'contracts', versionKey: false, minimize: false },
);
// The lifecycle sweep's two questions: which drafts have started, which terms have ended.
contractSchema.index({ status: 1, startsAt: 1 });
contractSchema.index({ status: 1, endsAt: 1 });
