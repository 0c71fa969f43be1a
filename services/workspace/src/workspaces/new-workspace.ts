import type { ContractRecord } from '../contracts/contract.schema';
import type { InitialInvitation } from './workspace-events';
import type { WorkspaceRecord } from './workspace.schema';

export const DEFAULT_WORKSPACE_NAME = 'Default';

/** Premier accepts Personal accounts, always; Unified blocks them until CSAM/AC allow them. */
export function personalAccountsAllowedByDefault(type: ContractRecord['type']): boolean {
  return type === 'premier';
}

export function newWorkspace(
  contract: ContractRecord,
  fields: { id: string; name: string; purpose: string; isDefault: boolean; services: string[]; createdBy: string | null; now: Date },
): WorkspaceRecord {
  return {
    _id: fields.id,
    contractId: contract._id,
    customerTenantId: contract.customerTenantId,
    contractType: contract.type,
    name: fields.name,
    nameKey: fields.name.trim().toLowerCase(),
    purpose: fields.purpose,
    isDefault: fields.isDefault,
    services: fields.services,
    allowPersonalAccounts: personalAccountsAllowedByDefault(contract.type),
    csamId: contract.csamId,
    accountCoordinatorId: contract.accountCoordinatorId,
    revision: 1,
    createdBy: fields.createdBy,
    createdAt: fields.now,
  };
}

/**
 * Who the default workspace invites: the service administrator as admin, each named support
 * contact as member. One invitation per address (case-insensitive); the admin role wins.
 */
export function defaultInvitations(contract: ContractRecord): InitialInvitation[] {
  const byEmail = new Map<string, InitialInvitation>();
  const admin = contract.serviceAdmin;
  byEmail.set(admin.email.toLowerCase(), { email: admin.email.toLowerCase(), role: 'admin', name: admin.name });
  for (const contact of contract.supportContacts) {
    const email = contact.email.toLowerCase();
    if (!byEmail.has(email)) byEmail.set(email, { email, role: 'member', name: contact.name });
  }
  return [...byEmail.values()];
}
