import { ContractRoleSlotError, ContractTermInvalidError } from './contracts.errors';

/**
 * A support contract: its customer, term, purchased services, named contacts and account team,
 * and its state `draft` → `active` → `expired` (an extended term brings an expired contract
 * back). Pure: no Nest, database or clock; the only writer of a contract's state. Services load
 * a contract, ask this model what changes, and store the answer.
 */

export const CONTRACT_STATUSES = ['draft', 'active', 'expired'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export type ContractType = 'premier' | 'unified';

export interface Person {
  email: string;
  name: string;
}

export interface ContractRecord {
  _id: string;
  customerName: string;
  customerTenantId: string;
  type: ContractType;
  startsAt: Date;
  endsAt: Date;
  serviceAdmin: Person;
  supportContacts: Person[];
  services: string[];
  /** The contract's CSAM and account coordinator (user ids): the only people who manage it. */
  csamId: string | null;
  accountCoordinatorId: string | null;
  status: ContractStatus;
  defaultWorkspaceId: string | null;
  createdBy: string;
  createdAt: Date;
  activatedAt: Date | null;
  expiredAt: Date | null;
}

/** The role a creator holds decides which slot they fill. */
export interface ContractCreator {
  id: string;
  isCsam: boolean;
  isAccountCoordinator: boolean;
}

/** What a creator sends; the slots they do not fill name the other manager. */
export type NewContract = Pick<ContractRecord, 'customerName' | 'customerTenantId' | 'type' | 'startsAt' | 'endsAt' | 'serviceAdmin' | 'supportContacts' | 'services'> & {
  id: string;
  csamId?: string;
  accountCoordinatorId?: string;
};

/** A new contract is a draft; the creator fills the slot of the role they hold, the body names the other. */
export function draftContract(input: NewContract, creator: ContractCreator, now: Date): ContractRecord {
  assertTerm(input.startsAt, input.endsAt);
  if (input.endsAt.getTime() <= now.getTime()) throw new ContractTermInvalidError('endsAt must be in the future');
  return {
    _id: input.id,
    customerName: input.customerName.trim(),
    customerTenantId: input.customerTenantId,
    type: input.type,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    serviceAdmin: person(input.serviceAdmin),
    supportContacts: input.supportContacts.map(person),
    services: [...new Set(input.services)],
    csamId: slot(creator.id, creator.isCsam, 'csamId', input.csamId),
    accountCoordinatorId: slot(creator.id, creator.isAccountCoordinator, 'accountCoordinatorId', input.accountCoordinatorId),
    status: 'draft',
    defaultWorkspaceId: null,
    createdBy: creator.id,
    createdAt: now,
    activatedAt: null,
    expiredAt: null,
  };
}

/**
 * The status a reader must see. The stored status catches up with the calendar only when the
 * lifecycle sweep runs, so an ended term reads as expired at once, whatever the sweep's delay.
 * A draft whose start date passed stays a draft until activated: activation has effects
 * (the default workspace and its invitations) that only the transition itself may cause.
 */
export function effectiveStatus(contract: Pick<ContractRecord, 'status' | 'endsAt'>, now: Date): ContractStatus {
  if (contract.status !== 'expired' && contract.endsAt.getTime() <= now.getTime()) return 'expired';
  return contract.status;
}

export function isExpired(contract: Pick<ContractRecord, 'status' | 'endsAt'>, now: Date): boolean {
  return effectiveStatus(contract, now) === 'expired';
}

/** Whole days left in the term (0 once it has ended); a started day counts. */
export function daysRemaining(contract: Pick<ContractRecord, 'endsAt'>, now: Date): number {
  return Math.max(0, Math.ceil((contract.endsAt.getTime() - now.getTime()) / 86_400_000));
}

/**
 * draft → active, with the default workspace it gets at that moment. Null when there is nothing
 * to activate: already active, or the term is over.
 */
export function activate(contract: ContractRecord, defaultWorkspaceId: string, now: Date): ContractRecord | null {
  if (contract.status !== 'draft' || contract.endsAt.getTime() <= now.getTime()) return null;
  return { ...contract, status: 'active', defaultWorkspaceId, activatedAt: now };
}

/** Who the default workspace invites: the service administrator as admin, each named support contact as member. */
export interface DefaultInvitation {
  email: string;
  role: 'admin' | 'member';
  name?: string;
}

/** One invitation per address (case-insensitive); the admin role wins. */
export function defaultWorkspaceInvitations(contract: Pick<ContractRecord, 'serviceAdmin' | 'supportContacts'>): DefaultInvitation[] {
  const byEmail = new Map<string, DefaultInvitation>();
  const admin = contract.serviceAdmin;
  byEmail.set(admin.email.toLowerCase(), { email: admin.email.toLowerCase(), role: 'admin', name: admin.name });
  for (const contact of contract.supportContacts) {
    const email = contact.email.toLowerCase();
    if (!byEmail.has(email)) byEmail.set(email, { email, role: 'member', name: contact.name });
  }
  return [...byEmail.values()];
}

function assertTerm(startsAt: Date, endsAt: Date): void {
  if (endsAt.getTime() <= startsAt.getTime()) throw new ContractTermInvalidError('endsAt must be after startsAt');
}

function person(input: Person): Person {
  return { email: input.email.toLowerCase(), name: input.name };
}

function slot(creatorId: string, holdsRole: boolean, field: 'csamId' | 'accountCoordinatorId', requested: string | undefined): string | null {
  if (!holdsRole) return requested ?? null;
  if (requested !== undefined && requested !== creatorId) throw new ContractRoleSlotError(field);
  return creatorId;
}
