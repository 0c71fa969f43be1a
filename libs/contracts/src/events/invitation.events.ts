import { z } from 'zod';
import { email, id, isoTime, tenantId, workspaceRole } from './common';

export const invitationCreated = z.object({
  invitationId: id,
  workspaceId: id,
  email,
  role: workspaceRole,
  invitedBy: id.nullable(),
  expiresAt: isoTime,
});

export const invitationAccepted = z.object({
  invitationId: id,
  workspaceId: id,
  userId: id,
  email,
  name: z.string().nullable(),
  userTenantId: tenantId,
  role: workspaceRole,
  acceptedAt: isoTime,
});

export const invitationRevoked = z.object({
  invitationId: id,
  workspaceId: id,
  email,
  revokedBy: id,
});

/** A new email with a new token went out; the previous link stopped working and the expiry restarted. */
export const invitationResent = z.object({
  invitationId: id,
  workspaceId: id,
  email,
  resentBy: id,
  expiresAt: isoTime,
});

/** A pending invitation's expiry passed unanswered (recorded by a sweep within a minute, or when its address is invited again). */
export const invitationExpired = z.object({
  invitationId: id,
  workspaceId: id,
  email,
  expiresAt: isoTime,
});

/** The invitation email could not be sent after every attempt; a resend starts over. */
export const invitationDeliveryFailed = z.object({
  invitationId: id,
  workspaceId: id,
  email,
  attempts: z.number().int().positive(),
  failedAt: isoTime,
});
