import { Schema } from 'mongoose';

export const INVITATION = 'Invitation';

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
export type WorkspaceRole = 'admin' | 'member';

/**
 * Sending the invitation email, outbox-style: the state is committed with the invitation, a
 * sender claims it after the commit, and retries until it is sent. The token is made by the
 * sender at send time and only its hash is stored, so no token ever rests in the database.
 */
export interface DeliveryState {
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  /** The sender pass that holds it, and until when: one replica sends a given email at a time. */
  claim: string | null;
  claimedUntil: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

export interface InvitationRecord {
  _id: string;
  workspaceId: string;
  /** Lower-cased: one pending invitation per address, however it is typed. */
  email: string;
  role: WorkspaceRole;
  /** `pending` also while past `expiresAt` until something touches it; readers use effectiveStatus. */
  status: InvitationStatus;
  /** SHA-256 (hex) of the token in the last email sent; null until the first is sent. */
  tokenHash: string | null;
  expiresAt: Date;
  invitedBy: string | null;
  createdAt: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  delivery: DeliveryState;
}

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
