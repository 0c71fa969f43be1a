import { ContractRoleSlotError, ContractTermInvalidError, ServiceRemovalError } from './contracts.errors';

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
  /** How customers reach the account team (name, email), when known. */
  csam: Person | null;
  accountCoordinator: Person | null;
  status: ContractStatus;
  defaultWorkspaceId: string | null;
  createdBy: string;
  createdAt: Date;
  activatedAt: Date | null;
  expiredAt: Date | null;
  /** Bumped by every change; the `revision` of contract.* events, so copies keep only newer facts. */
  revision: number;
}

/** The role a creator holds decides which slot they fill; their name and email become that slot's contact. */
export interface ContractCreator {
  id: string;
  isCsam: boolean;
  isAccountCoordinator: boolean;
  contact: Person | null;
}

/** What a creator sends; the slots they do not fill name the other manager. */
export type NewContract = Pick<ContractRecord, 'customerName' | 'customerTenantId' | 'type' | 'startsAt' | 'endsAt' | 'serviceAdmin' | 'supportContacts' | 'services'> & {
  id: string;
  csamId?: string;
  accountCoordinatorId?: string;
  csam?: Person;
  accountCoordinator?: Person;
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
    csam: contactOf(creator.isCsam ? creator.contact : null, input.csam),
    accountCoordinator: contactOf(creator.isAccountCoordinator ? creator.contact : null, input.accountCoordinator),
    status: 'draft',
    defaultWorkspaceId: null,
    createdBy: creator.id,
    createdAt: now,
    activatedAt: null,
    expiredAt: null,
    revision: 1,
  };
}

/**
 * The status a reader must see. The stored status catches up with the calendar only when the
 * lifecycle sweep runs, so an ended term reads as expired at once, whatever the sweep's delay.
 * A draft whose start date passed stays a draft until activated: activation has effects
 * (the default workspace and its invitations) that only the transition itself may cause.
 */
export function effectiveStatus(contract: Pick<ContractRecord, 'status' | 'endsAt'>, now: Date): ContractStatus {
  return contract.endsAt.getTime() <= now.getTime() ? 'expired' : contract.status;
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
  return { ...contract, status: 'active', defaultWorkspaceId, activatedAt: now, revision: contract.revision + 1 };
}

/** The stored state catches up with an ended term; null when it is not over or already recorded. */
export function expire(contract: ContractRecord, now: Date): ContractRecord | null {
  if (contract.status === 'expired' || contract.endsAt.getTime() > now.getTime()) return null;
  return { ...contract, status: 'expired', expiredAt: now, revision: contract.revision + 1 };
}

export const CHANGEABLE_FIELDS = ['endsAt', 'services', 'supportContacts', 'csamId', 'accountCoordinatorId'] as const;
export type ChangeableField = (typeof CHANGEABLE_FIELDS)[number];

export interface ContractChange {
  endsAt?: Date;
  services?: string[];
  supportContacts?: Person[];
  /** A slot is handed over to another person, never emptied. */
  csamId?: string;
  accountCoordinatorId?: string;
  csam?: Person;
  accountCoordinator?: Person;
}

export interface ContractChanged {
  contract: ContractRecord;
  changed: ChangeableField[];
  /** An ended term extended past now: the contract is usable again. */
  reactivated: boolean;
}

/**
 * What the account team changes: the term (renewed or shortened; ending it now expires it),
 * services bought later (never removed: workspaces use them), the named contacts, the team
 * itself. Null when nothing changes. A term extended past now brings an expired contract back
 * to what it was before (active, or draft if it never was activated).
 */
export function changeContract(contract: ContractRecord, change: ContractChange, now: Date): ContractChanged | null {
  const next: ContractRecord = { ...contract };
  const changed: ChangeableField[] = [];
  if (change.endsAt !== undefined && change.endsAt.getTime() !== contract.endsAt.getTime()) {
    assertTerm(contract.startsAt, change.endsAt);
    next.endsAt = change.endsAt;
    changed.push('endsAt');
  }
  if (change.services !== undefined) {
    const removed = contract.services.filter((service) => !change.services!.includes(service));
    if (removed.length > 0) throw new ServiceRemovalError(removed);
    const services = [...contract.services, ...new Set(change.services.filter((service) => !contract.services.includes(service)))];
    if (services.length !== contract.services.length) {
      next.services = services;
      changed.push('services');
    }
  }
  if (change.supportContacts !== undefined) {
    const contacts = change.supportContacts.map(person);
    if (JSON.stringify(contacts) !== JSON.stringify(contract.supportContacts.map(person))) {
      next.supportContacts = contacts;
      changed.push('supportContacts');
    }
  }
  for (const [field, contactField] of [['csamId', 'csam'], ['accountCoordinatorId', 'accountCoordinator']] as const) {
    const id = change[field];
    if (id !== undefined && id !== contract[field]) {
      next[field] = id;
      // A new person in the slot: the old person's contact no longer applies.
      next[contactField] = contactOf(null, change[contactField]);
      changed.push(field);
    } else if (change[contactField] && next[field] !== null) {
      next[contactField] = person(change[contactField]);
    }
  }
  const contactsChanged = JSON.stringify([next.csam, next.accountCoordinator]) !== JSON.stringify([contract.csam, contract.accountCoordinator]);
  if (changed.length === 0 && !contactsChanged) return null;
  const wasOver = effectiveStatus(contract, now) === 'expired';
  const reactivated = wasOver && next.endsAt.getTime() > now.getTime();
  if (reactivated) {
    next.status = contract.activatedAt ? 'active' : 'draft';
    next.expiredAt = null;
  }
  return { contract: { ...next, revision: contract.revision + 1 }, changed, reactivated };
}

/** The account team's contact details as customers see them: a person only where the slot is filled. */
export function accountTeamOf(contract: Pick<ContractRecord, 'csamId' | 'accountCoordinatorId' | 'csam' | 'accountCoordinator'>): { csam: Person | null; accountCoordinator: Person | null } {
  return {
    csam: contract.csamId ? (contract.csam ?? null) : null,
    accountCoordinator: contract.accountCoordinatorId ? (contract.accountCoordinator ?? null) : null,
  };
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

function contactOf(own: Person | null, given: Person | undefined): Person | null {
  const contact = own ?? given;
  return contact ? person(contact) : null;
}

function slot(creatorId: string, holdsRole: boolean, field: 'csamId' | 'accountCoordinatorId', requested: string | undefined): string | null {
  if (!holdsRole) return requested ?? null;
  if (requested !== undefined && requested !== creatorId) throw new ContractRoleSlotError(field);
  return creatorId;
}
