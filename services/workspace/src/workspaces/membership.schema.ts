import { Schema } from 'mongoose';
import type { MembershipRecord } from './workspace';

export const MEMBERSHIP = 'Membership';
export const ACCEPTED_INVITATION = 'AcceptedInvitation';

export const membershipSchema = new Schema<MembershipRecord>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    contractId: { type: String, required: true },
    userId: { type: String, required: true },
    email: { type: String, required: true },
    name: { type: String, default: null },
    tenantId: { type: String, default: null },
    role: { type: String, enum: ['admin', 'member'], required: true },
    permissions: { type: [String], default: [] },
    joinedAt: { type: Date, required: true },
    invitationId: { type: String, default: null },
  },
  { collection: 'memberships', versionKey: false, minimize: false },
);
membershipSchema.index({ workspaceId: 1, userId: 1 }, { unique: true });
membershipSchema.index({ userId: 1 });
membershipSchema.index({ workspaceId: 1, joinedAt: 1, _id: 1 });

/**
 * Invitations whose acceptance was applied. An invitation is accepted once, so its id makes a
 * redelivered `invitation.accepted` a no-op even after the member was removed in between.
 */
export interface AcceptedInvitationRecord {
  _id: string;
  workspaceId: string;
  userId: string;
  appliedAt: Date;
}

export const acceptedInvitationSchema = new Schema<AcceptedInvitationRecord>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    userId: { type: String, required: true },
    appliedAt: { type: Date, required: true },
  },
  { collection: 'accepted_invitations', versionKey: false },
);
