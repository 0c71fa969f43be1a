import type { Booking } from '../engineers/engineer-load';
import { productAreaKey } from '../engineers/product-area';
import { CaseAlreadyAssignedError, CaseClosedError, CaseNotClosedError } from './cases.errors';

/**
 * A support case: opened by a workspace member, assigned to one engineer, closed and maybe
 * reopened. Pure: no Nest, database or clock; every change of a case's state is made here, and
 * every change others learn of (through an event) bumps its revision.
 */

export type Severity = 'A' | 'B' | 'C';
export type CaseStatus = 'open' | 'closed';

export interface CaseRecord {
  _id: string;
  workspaceId: string;
  /** The tenant the case was filed from (the opener's `tid`). */
  requestTenantId: string;
  /** The tenant where the problem occurs: the tenant whose diagnostic data may be read. */
  resourceTenantId: string;
  title: string;
  description: string;
  severity: Severity;
  productArea: string;
  productAreaKey: string;
  allowAdvancedDiagnostics: boolean;
  status: CaseStatus;
  assignedEngineerId: string | null;
  assignedAt: Date | null;
  /**
   * The case's place in its engineer's load (`engineer-load.ts`) while it is open and assigned,
   * else null: unique among cases, so two bookings of the same place collide.
   */
  place: string | null;
  openedBy: string;
  openedAt: Date;
  closedBy: string | null;
  closedAt: Date | null;
  reopenedBy: string | null;
  reopenedAt: Date | null;
  /** Bumped by every change that others learn about through an event (the event carries it). */
  revision: number;
  updatedAt: Date;
}

export interface OpenedCase {
  id: string;
  workspaceId: string;
  opener: { id: string; tenantId: string };
  title: string;
  description: string;
  severity: Severity;
  productArea: string;
  /** Where the problem occurs; default the opener's tenant. */
  resourceTenantId?: string;
  allowAdvancedDiagnostics: boolean;
  at: Date;
}

export function openCase(input: OpenedCase): CaseRecord {
  return {
    _id: input.id,
    workspaceId: input.workspaceId,
    requestTenantId: input.opener.tenantId,
    resourceTenantId: input.resourceTenantId ?? input.opener.tenantId,
    title: input.title.trim(),
    description: input.description,
    severity: input.severity,
    productArea: input.productArea.trim(),
    productAreaKey: productAreaKey(input.productArea),
    allowAdvancedDiagnostics: input.allowAdvancedDiagnostics,
    status: 'open',
    assignedEngineerId: null,
    assignedAt: null,
    place: null,
    openedBy: input.opener.id,
    openedAt: input.at,
    closedBy: null,
    closedAt: null,
    reopenedBy: null,
    reopenedAt: null,
    revision: 1,
    updatedAt: input.at,
  };
}

/** To an engineer, at the place booked in their load, or back to the waiting queue (`null`). */
export function assign(kase: CaseRecord, booking: Booking | null, at: Date): CaseRecord {
  return {
    ...kase,
    assignedEngineerId: booking?.engineerId ?? null,
    assignedAt: booking ? at : null,
    place: booking?.place ?? null,
    revision: kase.revision + 1,
    updatedAt: at,
  };
}

/**
 * A support manager moves an open case to another engineer; the former engineer's access ends
 * as on any assignment (`case.assigned`). To the engineer who holds it: 409, like any action
 * repeated on an object already in the state it leads to.
 */
export function reassign(kase: CaseRecord, booking: Booking, at: Date): CaseRecord {
  assertOpen(kase);
  if (kase.assignedEngineerId === booking.engineerId) throw new CaseAlreadyAssignedError();
  return assign(kase, booking, at);
}

export function assertOpen(kase: CaseRecord): void {
  if (kase.status !== 'open') throw new CaseClosedError();
}

/**
 * The customer's part of an open case. A description is not announced (no revision); a change
 * of consent is, since access follows it.
 */
export function changeByCustomer(kase: CaseRecord, change: { description?: string; allowAdvancedDiagnostics?: boolean }, at: Date): { next: CaseRecord; consentChanged: boolean } {
  assertOpen(kase);
  const consentChanged = change.allowAdvancedDiagnostics !== undefined && change.allowAdvancedDiagnostics !== kase.allowAdvancedDiagnostics;
  const next: CaseRecord = {
    ...kase,
    description: change.description ?? kase.description,
    allowAdvancedDiagnostics: consentChanged ? change.allowAdvancedDiagnostics! : kase.allowAdvancedDiagnostics,
    revision: consentChanged ? kase.revision + 1 : kase.revision,
    updatedAt: at,
  };
  return { next, consentChanged };
}

export function close(kase: CaseRecord, by: string, at: Date): CaseRecord {
  assertOpen(kase);
  return { ...kase, status: 'closed', closedBy: by, closedAt: at, place: null, revision: kase.revision + 1, updatedAt: at };
}

/**
 * A reopened case starts without consent: access granted for the earlier period never comes
 * back by itself. It stays with its engineer only if they are still active (`kept`: a place
 * booked in that engineer's load).
 */
export function reopen(kase: CaseRecord, by: string, at: Date, kept: Booking | null): CaseRecord {
  if (kase.status !== 'closed') throw new CaseNotClosedError();
  const keeps = kept !== null && kase.assignedEngineerId === kept.engineerId;
  return {
    ...kase,
    status: 'open',
    allowAdvancedDiagnostics: false,
    assignedEngineerId: keeps ? kase.assignedEngineerId : null,
    assignedAt: keeps ? kase.assignedAt : null,
    place: keeps ? kept.place : null,
    closedBy: null,
    closedAt: null,
    reopenedBy: by,
    reopenedAt: at,
    revision: kase.revision + 1,
    updatedAt: at,
  };
}
