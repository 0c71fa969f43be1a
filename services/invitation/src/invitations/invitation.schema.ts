import { Schema } from 'mongoose';
import type { DeliveryState, InvitationRecord } from './invitation';

export const INVITATION = 'Invitation';

const deliverySchema = new Schema<DeliveryState>(
  {
    status: { type: String, enum: ['pending', 'sent', 'failed'], required: true },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    claim: { type: String, default: null },
    claimedUntil: { type: Date, default: null },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
  },
  { _id: false },
);

export const invitationSchema = new Schema<InvitationRecord>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    email: { type: String, required: true },
    role: { type: String, enum: ['admin', 'member'], required: true },
    status: { type: String, enum: ['pending', 'accepted', 'revoked', 'expired'], required: true },
    tokenHash: { type: String, default: null },
    expiresAt: { type: Date, required: true },
    invitedBy: { type: String, default: null },
    createdAt: { type: Date, required: true },
    acceptedAt: { type: Date, default: null },
    acceptedBy: { type: String, default: null },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: String, default: null },
    delivery: { type: deliverySchema, required: true },
  },
  { collection: 'invitations', versionKey: false, minimize: false },
);
// At most one pending invitation per (workspace, email), enforced by the database: of twenty
// concurrent creates exactly one inserts, the others get a duplicate key.
invitationSchema.index(
  { workspaceId: 1, email: 1 },
  { unique: true, partialFilterExpression: { status: 'pending' }, name: 'one_pending_per_workspace_email' },
);
invitationSchema.index({ tokenHash: 1 }, { unique: true, partialFilterExpression: { tokenHash: { $type: 'string' } } });
invitationSchema.index({ workspaceId: 1, createdAt: 1, _id: 1 });
invitationSchema.index({ 'delivery.status': 1, 'delivery.nextAttemptAt': 1 });
