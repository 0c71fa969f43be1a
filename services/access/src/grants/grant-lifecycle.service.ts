import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { Outbox } from '@support-hub/messaging';
import { AuditTrail } from '../audit/audit.trail';
import type { AuditAction } from '../audit/audit.schema';
import { endingOf, newGrant, type GrantCase, type GrantBasis, type GrantEndReason, type GrantEnding, type GrantRecord } from './grant';
import { accessGranted, accessRevoked } from './grant.events';
import { GrantsRepository } from './grants.repository';
import { LiveGrantSync } from './live-grant.sync';

export interface GrantIssue {
  grantId?: string;
  requestId: string | null;
  case: GrantCase;
  engineerId: string;
  tenantId: string;
  basis: GrantBasis;
  hours: number;
  at: Date;
  actorId: string;
  reason: string;
}

/** Told, inside the ending transaction, that a grant ended (e.g. so its request follows it). */
export type GrantEndedListener = (grant: GrantRecord, ending: GrantEnding, session: ClientSession) => Promise<void>;

const AUDIT_ACTION_OF_END: Record<GrantEndReason, AuditAction> = {
  'case-closed': 'grant.completed',
  removed: 'grant.removed',
  'consent-withdrawn': 'grant.revoked',
  expired: 'grant.expired',
  reassigned: 'grant.revoked',
  'engineer-deactivated': 'grant.revoked',
  'contract-expired': 'grant.revoked',
};

/**
 * Starts and ends grants, always inside the caller's transaction and always with their
 * consequences: the `access.*` event goes to the outbox, the resource tenant's audit trail gets
 * the line, and listeners (the request that produced the grant) follow. Ending is conditional on
 * the grant still being active, so whichever path comes second (close, expiry, removal, consent
 * withdrawn, a duplicate event) does nothing. What an ending is, the model (`grant.ts`) decides.
 */
@Injectable()
export class GrantLifecycle {
  private readonly endedListeners: GrantEndedListener[] = [];

  constructor(
    private readonly grants: GrantsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly liveGrants: LiveGrantSync,
  ) {}

  /** Registered once at start-up by the features that follow grants (never a circular import). */
  onEnded(listener: GrantEndedListener): void {
    this.endedListeners.push(listener);
  }

  async issue(issue: GrantIssue, session: ClientSession): Promise<GrantRecord> {
    const grant = newGrant({ ...issue, id: issue.grantId ?? randomUUID() });
    await this.grants.insert(grant, session);
    this.liveGrants.refreshWhenEnded(session, grant.engineerId, grant.tenantId);
    await this.outbox.record([accessGranted(grant)], session);
    await this.audit.record(
      [
        {
          tenantIds: [grant.tenantId],
          at: issue.at,
          actorId: issue.actorId,
          action: 'grant.created',
          reason: issue.reason,
          caseId: grant.caseId,
          requestId: grant.requestId,
          grantId: grant._id,
          details: { basis: grant.basis, engineerId: grant.engineerId, expiresAt: grant.expiresAt.toISOString() },
        },
      ],
      session,
    );
    return grant;
  }

  /** Ends an active grant; false when another path ended it first. */
  async end(grant: GrantRecord, reason: GrantEndReason, at: Date, actorId: string, session: ClientSession): Promise<boolean> {
    this.liveGrants.forget(grant, session);
    const ending = endingOf(grant, reason, at, actorId);
    if (!(await this.grants.end(grant._id, ending, session))) return false;
    for (const listener of this.endedListeners) await listener(grant, ending, session);
    await this.outbox.record([accessRevoked(grant, ending.reason, ending.endedAt)], session);
    await this.audit.record(
      [
        {
          tenantIds: [grant.tenantId],
          at: ending.endedAt,
          actorId: ending.endedBy,
          action: AUDIT_ACTION_OF_END[ending.reason],
          reason: ending.reason,
          caseId: grant.caseId,
          requestId: grant.requestId,
          grantId: grant._id,
          details: { basis: grant.basis, engineerId: grant.engineerId },
        },
      ],
      session,
    );
    return true;
  }
}
