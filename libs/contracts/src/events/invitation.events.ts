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
