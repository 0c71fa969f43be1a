import { Schema } from 'mongoose';
import { CONTRACT_STATUSES, type ContractRecord, type Person } from './contract';

export const CONTRACT = 'Contract';

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
    csam: { type: personSchema, default: null },
    accountCoordinator: { type: personSchema, default: null },
    status: { type: String, enum: CONTRACT_STATUSES, required: true },
    defaultWorkspaceId: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    activatedAt: { type: Date, default: null },
    expiredAt: { type: Date, default: null },
    // Contracts stored before revisions existed read as revision 1.
    revision: { type: Number, default: 1 },
  },
  { collection: 'contracts', versionKey: false, minimize: false },
);
// The lifecycle sweep's two questions: which drafts have started, which terms have ended.
contractSchema.index({ status: 1, startsAt: 1 });
contractSchema.index({ status: 1, endsAt: 1 });
// "My contracts": by the slot the caller fills, in creation order.
contractSchema.index({ csamId: 1, createdAt: 1, _id: 1 });
contractSchema.index({ accountCoordinatorId: 1, createdAt: 1, _id: 1 });
