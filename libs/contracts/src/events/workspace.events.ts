import { z } from 'zod';
import { contractType, email, id, isoTime, revision, tenantId, workspaceRole } from './common';

export const contractActivated = z.object({
  contractId: id,
  customerTenantId: tenantId,
  customerName: z.string(),
  type: contractType,
  startsAt: isoTime,
  endsAt: isoTime,
  services: z.array(z.string()),
  csamId: id.nullable(),
  accountCoordinatorId: id.nullable(),
  defaultWorkspaceId: id,
});

export const workspaceCreated = z.object({
  workspaceId: id,
  contractId: id,
  customerTenantId: tenantId,
  contractType,
  name: z.string(),
  isDefault: z.boolean(),
  services: z.array(z.string()),
  allowPersonalAccounts: z.boolean(),
  csamId: id.nullable(),
  accountCoordinatorId: id.nullable(),
  /** People the invitation service invites on the workspace's behalf, without user action. */
  initialInvitations: z.array(z.object({ email, role: workspaceRole, name: z.string().optional() })),
  revision,
});

export const workspaceSettingsChanged = z.object({
  workspaceId: id,
  allowPersonalAccounts: z.boolean(),
  services: z.array(z.string()),
  revision,
});

export const workspaceMemberAdded = z.object({
  workspaceId: id,
  contractId: id,
  userId: id,
  email,
  role: workspaceRole,
  permissions: z.array(z.string()),
  revision,
});

export const workspaceMemberUpdated = z.object({
  workspaceId: id,
  userId: id,
  role: workspaceRole,
  permissions: z.array(z.string()),
  revision,
});

export const workspaceMemberRemoved = z.object({
  workspaceId: id,
  userId: id,
  revision,
});
