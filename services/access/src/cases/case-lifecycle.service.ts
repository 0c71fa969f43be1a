import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { isPersonalAccountTenant } from '@support-hub/auth';
import type { EventEnvelope } from '@support-hub/contracts';
import { TransactionRunner } from '@support-hub/persistence';
import { APP_CONFIG, Clock } from '@support-hub/platform';
import { SYSTEM_ACTOR } from '../audit/system-actor';
import type { AccessConfig } from '../config/access.config';
import { GrantLifecycle } from '../grants/grant-lifecycle.service';
import { GrantsRepository } from '../grants/grants.repository';
import { LiveGrantIndex } from '../grants/live-grant.index';
import { AccessRequestsRepository } from '../requests/access-requests.repository';
import { RequestLifecycle } from '../requests/request-lifecycle.service';
import { CaseCopiesRepository } from '../case-copies/case-copies.repository';
import type { CaseCopyRecord } from '../case-copies/case-copy.schema';
import { ContractCopiesRepository } from '../contract-copies/contract-copies.repository';
import { contractHasEnded } from '../grants/grant';
import { EngineerCopiesRepository } from '../engineer-copies/engineer-copies.repository';

export type CaseEventType = 'case.opened' | 'case.assigned' | 'case.consent-changed' | 'case.closed' | 'case.reopened';
export type CaseEvent = { [T in CaseEventType]: EventEnvelope<T> }[CaseEventType];

/**
 * Keeps the copy of each case and applies what a case change means for access, in one
 * transaction per event:
 * - only a newer revision changes anything, so duplicates and stale events are no-ops;
 * - a closed case (or a reopened one, which was closed before) ends every grant and every
 *   pending request of the case; a `case.closed` for an unknown case stores a closed copy
 *   (tombstone) that any older event loses against;
 * - an open case's access belongs to its assigned engineer only: when the snapshot names
 *   another engineer (or none), every grant and pending request of anyone else on the case
 *   ends (`reassigned`), whatever their basis;
 * - consent access follows the snapshot: granted to the assigned engineer while the case is
 *   open, consent stands and the resource tenant is the request tenant; ended otherwise;
 * - never granted to an engineer known to be deactivated: a booking that saw them active may
 *   still name them in a `case.assigned` that arrives after `engineer.deactivated`.
 */
@Injectable()
export class CaseLifecycleService {
  constructor(
    private readonly copies: CaseCopiesRepository,
    private readonly grants: GrantsRepository,
    private readonly requests: AccessRequestsRepository,
    private readonly grantLifecycle: GrantLifecycle,
    private readonly requestLifecycle: RequestLifecycle,
    private readonly liveGrants: LiveGrantIndex,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AccessConfig,
    private readonly contracts: ContractCopiesRepository,
    private readonly engineers: EngineerCopiesRepository,
  ) {}

  async apply(event: CaseEvent): Promise<void> {
    // Closing and reassigning revoke from the moment the event arrives, not when the transaction commits.
    if (event.type === 'case.closed') return this.liveGrants.hideCaseWhile(event.data.caseId, () => this.applyInTransaction(event), true);
    if (event.type === 'case.assigned') {
      return this.liveGrants.hideReassignedCaseWhile(event.data.caseId, event.data.assignedEngineerId, () => this.applyInTransaction(event));
    }
    return this.applyInTransaction(event);
  }

  private async applyInTransaction(event: CaseEvent): Promise<void> {
    await this.tx.run(async (session) => {
      const previous = await this.copies.findById(event.data.caseId, session);
      if (previous && previous.revision >= event.data.revision) return;
      const now = this.clock.now();
      const next = copyOf(event, previous, now);
      if (!(await this.copies.save(previous, next, session))) throw new Error(`case ${next._id} copy changed concurrently; retrying`);
      const copy: CaseCopyRecord = { ...next, accessEpoch: (previous?.accessEpoch ?? 0) + 1 };
      if (copy.status === 'closed' || event.type === 'case.reopened') await this.endAccessOfClosedCase(copy, now, session);
      else await this.endAccessOfFormerEngineers(copy, now, session);
      // A reopened case never gets access back by itself: consent is given again by a later change.
      if (copy.status === 'open') await this.reconcileConsent(copy, event, now, session, event.type !== 'case.reopened');
    });
  }

  private async endAccessOfClosedCase(copy: CaseCopyRecord, now: Date, session: ClientSession): Promise<void> {
    for (const grant of await this.grants.activeOfCase(copy._id, session)) {
      await this.grantLifecycle.end(grant, 'case-closed', now, SYSTEM_ACTOR, session);
    }
    for (const request of await this.requests.ofCase(copy._id, ['pending'], session)) {
      await this.requestLifecycle.endPending(request, 'case-closed', now, SYSTEM_ACTOR, session);
    }
    // A removed approval still shows as approved to the request tenant; it now sees it completed.
    for (const request of await this.requests.ofCase(copy._id, ['removed'], session)) {
      await this.requestLifecycle.endHiddenRemoval(request, 'case-closed', now, session);
    }
  }

  /** Whoever held the case before (reassignment, deactivation) keeps nothing of it, at once. */
  private async endAccessOfFormerEngineers(copy: CaseCopyRecord, now: Date, session: ClientSession): Promise<void> {
    const isFormer = (holder: { engineerId: string }) => holder.engineerId !== copy.assignedEngineerId;
    for (const grant of (await this.grants.activeOfCase(copy._id, session)).filter(isFormer)) {
      await this.grantLifecycle.end(grant, 'reassigned', now, SYSTEM_ACTOR, session);
    }
    for (const request of (await this.requests.ofCase(copy._id, ['pending'], session)).filter(isFormer)) {
      await this.requestLifecycle.endPending(request, 'reassigned', now, SYSTEM_ACTOR, session);
    }
  }

  private async reconcileConsent(copy: CaseCopyRecord, event: CaseEvent, now: Date, session: ClientSession, mayGrant: boolean): Promise<void> {
    const engineerId = copy.assignedEngineerId;
    // The case service already refuses consent on a Personal account's case; a consent that
    // says otherwise (an older event, a faulty publisher) still grants nothing here.
    const entitled =
      copy.allowAdvancedDiagnostics && copy.resourceTenantId === copy.requestTenantId && !isPersonalAccountTenant(copy.requestTenantId) && engineerId !== null;
    const actorId = event.type === 'case.consent-changed' ? event.data.changedBy : SYSTEM_ACTOR;
    let holding = false;
    for (const grant of await this.grants.activeOfCase(copy._id, session, 'consent')) {
      const stillValid = entitled && grant.engineerId === engineerId && grant.tenantId === copy.resourceTenantId && grant.expiresAt > now;
      if (stillValid) holding = true;
      else await this.grantLifecycle.end(grant, 'consent-withdrawn', now, actorId, session);
    }
    if (!entitled || holding || !mayGrant) return;
    // Consent under a contract whose term has ended opens nothing (contract.expired ended the rest).
    if (contractHasEnded(await this.contracts.endsAtOfWorkspace(copy.workspaceId, session), now)) return;
    // The case service sends such a case on to a colleague; until then the deactivated engineer gets nothing.
    if (!(await this.engineers.claimForAccess(engineerId!, session))) return;
    await this.grantLifecycle.issue(
      {
        requestId: null,
        case: copy,
        engineerId: engineerId!,
        tenantId: copy.resourceTenantId,
        basis: 'consent',
        hours: this.config.CONSENT_GRANT_MAX_HOURS,
        at: now,
        actorId,
        reason: 'allowAdvancedDiagnostics on the case',
      },
      session,
    );
  }
}

function copyOf(event: CaseEvent, previous: CaseCopyRecord | null, now: Date): Omit<CaseCopyRecord, 'accessEpoch'> {
  const data = event.data;
  const closedAt = data.status !== 'closed' ? null : event.type === 'case.closed' ? new Date(event.data.closedAt) : (previous?.closedAt ?? now);
  return {
    _id: data.caseId,
    workspaceId: data.workspaceId,
    requestTenantId: data.requestTenantId,
    resourceTenantId: data.resourceTenantId,
    severity: data.severity,
    productArea: data.productArea,
    status: data.status,
    assignedEngineerId: data.assignedEngineerId,
    allowAdvancedDiagnostics: data.allowAdvancedDiagnostics,
    revision: data.revision,
    closedAt,
    updatedAt: now,
  };
}
