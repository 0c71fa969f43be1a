import { LastAdminError } from './members.errors';
import { PersonalAccountsRequiredError, ServiceNotPurchasedError } from './workspaces.errors';

/**
 * A workspace of a support contract and its memberships: its services, its Personal-account
 * policy, and who belongs to it with which role. Pure: no Nest, database or clock; the only
 * writer of a workspace's and a membership's state. Services load, ask this model what
 * changes, and store the answer.
 */

export type ContractType = 'premier' | 'unified';
export type WorkspaceRole = 'admin' | 'member';
/** What a member may do beyond reading cases; `admin` implies all of them. */
export const MEMBER_PERMISSIONS = ['customerActivity'] as const;
export type MemberPermission = (typeof MEMBER_PERMISSIONS)[number];

export const DEFAULT_WORKSPACE_NAME = 'Default';

export interface WorkspaceRecord {
  _id: string;
  contractId: string;
  customerTenantId: string;
  contractType: ContractType;
  name: string;
  /** Lower-cased name: names are unique per contract whatever their case. */
  nameKey: string;
  purpose: string;
  isDefault: boolean;
  services: string[];
  allowPersonalAccounts: boolean;
  /** Copied from the contract so "workspaces I manage" is one query. */
  csamId: string | null;
  accountCoordinatorId: string | null;
  /**
   * Bumped by every change of the workspace or of its memberships, in the same transaction.
   * It is the `revision` of the workspace.* events, so copies elsewhere keep only newer facts;
   * and two concurrent membership changes conflict on it, which is what keeps the last admin.
   */
  revision: number;
  createdBy: string | null;
  createdAt: Date;
}

export interface MembershipRecord {
  _id: string;
  workspaceId: string;
  contractId: string;
  userId: string;
  email: string;
  name: string | null;
  /**
   * The tenant the member signed in with when they joined: the Personal consumer tenant marks a
   * Personal account. Null for memberships recorded before it was kept.
   */
  tenantId: string | null;
  role: WorkspaceRole;
  permissions: MemberPermission[];
  joinedAt: Date;
  invitationId: string | null;
}

/** What a workspace takes from its contract when it is created. */
export interface WorkspaceContract {
  _id: string;
  customerTenantId: string;
  type: ContractType;
  csamId: string | null;
  accountCoordinatorId: string | null;
}

export interface NewWorkspace {
  id: string;
  name: string;
  purpose: string;
  isDefault: boolean;
  services: string[];
  createdBy: string | null;
  now: Date;
}

export function newWorkspace(contract: WorkspaceContract, fields: NewWorkspace): WorkspaceRecord {
  return {
    _id: fields.id,
    contractId: contract._id,
    customerTenantId: contract.customerTenantId,
    contractType: contract.type,
    name: fields.name.trim(),
    nameKey: fields.name.trim().toLowerCase(),
    purpose: fields.purpose.trim(),
    isDefault: fields.isDefault,
    services: [...new Set(fields.services)],
    allowPersonalAccounts: personalAccountsAllowedByDefault(contract.type),
    csamId: contract.csamId,
    accountCoordinatorId: contract.accountCoordinatorId,
    revision: 1,
    createdBy: fields.createdBy,
    createdAt: fields.now,
  };
}

/** Premier accepts Personal accounts, always; Unified blocks them until CSAM/AC allow them. */
export function personalAccountsAllowedByDefault(type: ContractType): boolean {
  return type === 'premier';
}

/**
 * The Personal-account policy as CSAM/AC set it: Premier cannot turn it off. Null when the
 * setting already is what was asked.
 */
export function changePersonalAccountPolicy(workspace: Pick<WorkspaceRecord, 'contractType' | 'allowPersonalAccounts'>, allow: boolean): { allowPersonalAccounts: boolean } | null {
  if (workspace.contractType === 'premier' && !allow) throw new PersonalAccountsRequiredError();
  if (workspace.allowPersonalAccounts === allow) return null;
  return { allowPersonalAccounts: allow };
}

/** Services the contract purchased that the workspace does not have yet; anything not purchased is refused. */
export function servicesToAdd(workspace: Pick<WorkspaceRecord, 'services'>, purchased: readonly string[], requested: readonly string[]): string[] {
  const notPurchased = requested.filter((service) => !purchased.includes(service));
  if (notPurchased.length > 0) throw new ServiceNotPurchasedError(notPurchased);
  return [...new Set(requested)].filter((service) => !workspace.services.includes(service));
}

export interface MemberChange {
  role: WorkspaceRole;
  permissions: MemberPermission[];
}

/** A member's new role and permissions; null when nothing changes. */
export function changeMember(member: Pick<MembershipRecord, 'role' | 'permissions'>, requested: Partial<MemberChange>): MemberChange | null {
  const role = requested.role ?? member.role;
  const permissions = requested.permissions ? [...new Set(requested.permissions)] : member.permissions;
  if (role === member.role && sameSet(permissions, member.permissions)) return null;
  return { role, permissions };
}

/** A workspace keeps at least one admin: the last one can be neither demoted nor removed. */
export function assertKeepsAnAdmin(member: Pick<MembershipRecord, 'role'>, after: WorkspaceRole | 'removed', adminCount: number): void {
  if (member.role === 'admin' && after !== 'admin' && adminCount <= 1) throw new LastAdminError();
}

/**
 * What an accepted invitation does: a newcomer joins with the invited role; an admin
 * invitation promotes a member; anything else leaves the membership as it is.
 */
export function acceptanceOutcome(existing: Pick<MembershipRecord, 'role'> | null, invitedRole: WorkspaceRole): 'join' | 'promote' | 'none' {
  if (!existing) return 'join';
  return existing.role === 'member' && invitedRole === 'admin' ? 'promote' : 'none';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}
