import { pendingDelivery, type DeliveryState } from '../mail/mail-delivery';
import {
  InvitationAlreadyRevokedError,
  InvitationAlreadyUsedError,
  InvitationEmailMismatchError,
  InvitationExpiredError,
  InvitationRevokedError,
} from './invitations.errors';

/**
 * An invitation to one workspace: pending until accepted, revoked or expired; its token only in
 * the email (a hash here). Pure: no Nest, database or clock. The transitions themselves are
 * conditional writes (so two clicks or two admins cannot both win); this model decides whether a
 * transition may be tried and what a new invitation is.
 */

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
export type WorkspaceRole = 'admin' | 'member';

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
  /** The tenant in the accepting user's token (absent on invitations accepted before it was kept). */
  acceptedTenantId?: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  /** Sending its email (see mail-delivery.ts); the token is made by the sender at send time. */
  delivery: DeliveryState;
}

export { pendingDelivery };

const DAY_MS = 24 * 3600 * 1000;

/** A pending invitation expires after its time to live (the resend restarts it). */
export function expiryFrom(now: Date, ttlDays: number): Date {
  return new Date(now.getTime() + ttlDays * DAY_MS);
}

export interface NewInvitation {
  id: string;
  workspaceId: string;
  email: string;
  role: WorkspaceRole;
  invitedBy: string | null;
  at: Date;
  ttlDays: number;
}

export function newInvitation(input: NewInvitation): InvitationRecord {
  return {
    _id: input.id,
    workspaceId: input.workspaceId,
    email: input.email.toLowerCase(),
    role: input.role,
    status: 'pending',
    tokenHash: null,
    expiresAt: expiryFrom(input.at, input.ttlDays),
    invitedBy: input.invitedBy,
    createdAt: input.at,
    acceptedAt: null,
    acceptedBy: null,
    revokedAt: null,
    revokedBy: null,
    delivery: pendingDelivery(input.at),
  };
}

/** A pending invitation past its expiry is expired, whether or not anything has marked it yet. */
export function effectiveStatus(invitation: Pick<InvitationRecord, 'status' | 'expiresAt'>, now: Date): InvitationStatus {
  if (invitation.status === 'pending' && invitation.expiresAt.getTime() <= now.getTime()) return 'expired';
  return invitation.status;
}

/** Resend and accept need a pending invitation; every other state says why not. */
export function assertPending(invitation: Pick<InvitationRecord, 'status' | 'expiresAt'>, now: Date): void {
  switch (effectiveStatus(invitation, now)) {
    case 'accepted':
      throw new InvitationAlreadyUsedError();
    case 'revoked':
      throw new InvitationRevokedError();
    case 'expired':
      throw new InvitationExpiredError();
    case 'pending':
      return;
  }
}

/**
 * Only a pending invitation is revoked; a repeated revoke answers 409 like every repeated action
 * (docs/http-api.md), as do accepted and expired ones. A pending one past its expiry that
 * nothing has marked yet may still be revoked: the admin's intent is recorded.
 */
export function assertRevocable(invitation: Pick<InvitationRecord, 'status'>): void {
  if (invitation.status === 'revoked') throw new InvitationAlreadyRevokedError();
  if (invitation.status === 'accepted') throw new InvitationAlreadyUsedError();
  if (invitation.status === 'expired') throw new InvitationExpiredError();
}

/** Only the person invited accepts: the signed-in user's email is the invitation's (case-insensitive). */
export function assertAddressedTo(invitation: Pick<InvitationRecord, 'email'>, user: { email: string }): void {
  if (!user.email || user.email.toLowerCase() !== invitation.email) throw new InvitationEmailMismatchError();
}
