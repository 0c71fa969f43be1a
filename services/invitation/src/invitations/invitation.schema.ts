import { Schema } from 'mongoose';
import type { InvitationRecord } from './invitation';
import { deliverySchema } from '../mail/mail-delivery.schema';

export const INVITATION = 'Invitation';

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
    acceptedTenantId: { type: String, default: null },
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
invitationSchema.index({ status: 1, expiresAt: 1 });
invitationSchema.index({ workspaceId: 1, acceptedBy: 1 });
