import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { isPersonalAccountTenant, type AuthenticatedUser } from '@support-hub/auth';
import { Outbox } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { APP_CONFIG, Clock, decodeTimeCursor, DEFAULT_PAGE_SIZE, type Page, toPage } from '@support-hub/platform';
import { AuditTrail } from '../audit/audit.trail';
import { CaseCopiesRepository } from '../case-copies/case-copies.repository';
import { ContractCopiesRepository } from '../contract-copies/contract-copies.repository';
import { EngineerCopiesRepository } from '../engineer-copies/engineer-copies.repository';
import type { AccessConfig } from '../config/access.config';
import { GrantLifecycle } from '../grants/grant-lifecycle.service';
import { ConcurrentAccessUpdateError } from '../grants/grants.errors';
import { requireSupportAccessAdminOf } from '../tenancy/tenant-admin';
import { approve, assertPending, effectiveStatus, fileRequest, reject, type AccessRequestRecord } from './access-request';
import { accessApproved, accessRejected, accessRequested } from './access-request.events';
import { assertMayDecide, perspectiveOf, relationOf } from './access-request.policy';
import { toAccessRequestView, type AccessRequestView } from './access-request.view';
import {
  AccessRequestNotFoundError,
  CaseClosedError,
  CaseNotFoundError,
  DurationExceedsCapError,
  EngineerDeactivatedError,
  EngineerNoLongerAssignedError,
  PersonalAccountNoDiagnosticsError,
  RequestAlreadyOpenError,
  RequesterOnlyError,
  TenantNotInCaseError,
} from './access-requests.errors';
import { AccessRequestsRepository } from './access-requests.repository';
import type { CreateAccessRequestDto } from './dto/create-access-request.dto';
import type { ListAccessRequestsQueryDto } from './dto/list-access-requests.query';
import { RequestLifecycle } from './request-lifecycle.service';

/**
 * The use cases of access requests: load, let the model (`access-request.ts`) decide, store the
 * result with its events and audit line in one transaction.
 */
@Injectable()
export class AccessRequestsService {
  constructor(
    private readonly requests: AccessRequestsRepository,
    private readonly caseCopies: CaseCopiesRepository,
    private readonly grants: GrantLifecycle,
    private readonly requestLifecycle: RequestLifecycle,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AccessConfig,
    private readonly contracts: ContractCopiesRepository,
    private readonly engineers: EngineerCopiesRepository,
  ) {}

  /** Filed by the engineer assigned to the open case, for one of the case's tenants. */
  async create(user: AuthenticatedUser, input: CreateAccessRequestDto): Promise<AccessRequestView> {
    const hours = input.durationHours ?? this.config.ACCESS_GRANT_DEFAULT_HOURS;
    if (hours > this.config.ACCESS_GRANT_MAX_HOURS) throw new DurationExceedsCapError(this.config.ACCESS_GRANT_MAX_HOURS);
    // Refused before the case is even looked up: the answer confirms nothing about the case.
    if (isPersonalAccountTenant(input.resourceTenantId)) throw new PersonalAccountNoDiagnosticsError();
    const created = await this.tx.run(async (session) => {
      const caseCopy = await this.caseCopies.findById(input.caseId, session);
      if (!caseCopy || !user.actsAs('support-engineer', caseCopy.assignedEngineerId)) throw new CaseNotFoundError();
      const now = this.clock.now();
      const request = fileRequest({
        id: randomUUID(),
        case: caseCopy,
        engineerId: user.id,
        resourceTenantId: input.resourceTenantId,
        justification: input.justification,
        durationHours: hours,
        ttlHours: this.config.ACCESS_REQUEST_TTL_HOURS,
        at: now,
        contractEndsAt: await this.contracts.endsAtOfWorkspace(caseCopy.workspaceId, session),
      });
      if (caseCopy.status !== 'open') throw new CaseClosedError();
      if (input.resourceTenantId !== caseCopy.resourceTenantId && input.resourceTenantId !== caseCopy.requestTenantId) throw new TenantNotInCaseError();
      await this.claimOpenCase(caseCopy._id, session);
      await this.claimActiveEngineer(user.id, session);
      const open = await this.requests.findOpen(caseCopy._id, input.resourceTenantId, user.id, session);
      if (open && ['pending', 'approved'].includes(effectiveStatus(open, now))) throw new RequestAlreadyOpenError();
      await this.requests.insert(request, session);
      await this.outbox.record([accessRequested(request, user)], session);
      await this.audit.record(
        [
          {
            tenantIds: request.requiredTenantIds,
            at: now,
            actorId: user.id,
            action: 'request.created',
            reason: request.justification,
            caseId: request.caseId,
            requestId: request._id,
            details: { resourceTenantId: request.resourceTenantId, durationHours: hours },
          },
        ],
        session,
      );
      return request;
    });
    return toAccessRequestView(created, 'full', this.clock.now());
  }

  async get(user: AuthenticatedUser, requestId: string): Promise<AccessRequestView> {
    const request = await this.requests.findById(requestId);
    if (!request) throw new AccessRequestNotFoundError();
    return toAccessRequestView(request, perspectiveOf(user, request), this.clock.now());
  }

  /** Statuses are as of now (the model's effective status), whether or not the sweep has recorded an expiry. */
  async list(user: AuthenticatedUser, query: ListAccessRequestsQueryDto): Promise<Page<AccessRequestView>> {
    if (query.tenantId) requireSupportAccessAdminOf(user, query.tenantId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeTimeCursor(query.cursor);
    const now = this.clock.now();
    const rows = query.tenantId
      ? await this.requests.listForTenant(query.tenantId, query, now, after, limit + 1)
      : user.hasRole('support-engineer')
        ? await this.requests.listForEngineer(user.id, query, now, after, limit + 1)
        : []; // only support engineers file requests; the same id in another tenant's token has none
    return toPage(
      rows,
      limit,
      (row) => ({ sortKey: row.createdAt.toISOString(), id: row._id }),
      (row) => toAccessRequestView(row, perspectiveOf(user, row), now),
    );
  }

  /**
   * Approval for the caller's tenant (`tid`). When every tenant involved has approved, the
   * grant is issued in the same transaction. Refused once the case is closed, even if the
   * close arrived here only a moment ago: the close handler and this transaction both write
   * the case copy, so they cannot interleave. Likewise refused (409 `ENGINEER_DEACTIVATED`) once
   * the requester is known to be deactivated: that handler and this one both write their copy.
   */
  async approve(user: AuthenticatedUser, requestId: string, durationHours?: number): Promise<AccessRequestView> {
    await this.requireDecider(user, requestId);
    const approved = await this.tx.run(async (session) => {
      const { request, caseCopy, now } = await this.forDecision(requestId, session);
      const contractEndsAt = await this.contracts.endsAtOfWorkspace(request.workspaceId, session);
      const outcome = approve(request, { userId: user.id, tenantId: user.tenantId }, now, randomUUID, { durationHours, contractEndsAt });
      if (caseCopy.assignedEngineerId !== request.engineerId) throw new EngineerNoLongerAssignedError();
      await this.claimOpenCase(caseCopy._id, session);
      await this.claimActiveEngineer(request.engineerId, session);
      await this.save(request, outcome.request, session);
      await this.outbox.record([accessApproved(outcome.request, user.tenantId, user.id)], session);
      await this.audit.record(
        [
          {
            tenantIds: request.requiredTenantIds,
            at: now,
            actorId: user.id,
            action: 'request.approved',
            reason: `approved for tenant ${user.tenantId}`,
            caseId: request.caseId,
            requestId: request._id,
            details: { approvingTenantId: user.tenantId, fullyApproved: outcome.grant !== null, durationHours: durationHours ?? request.durationHours, requestedHours: request.durationHours },
          },
        ],
        session,
      );
      if (outcome.grant) {
        await this.grants.issue(
          {
            grantId: outcome.grant.id,
            requestId: request._id,
            case: caseCopy,
            engineerId: request.engineerId,
            tenantId: request.resourceTenantId,
            basis: 'request',
            hours: outcome.grant.hours,
            at: now,
            actorId: user.id,
            reason: 'support access request approved by every tenant involved',
          },
          session,
        );
      }
      return outcome.request;
    });
    return toAccessRequestView(approved, perspectiveOf(user, approved), this.clock.now());
  }

  /** Any rejection, by any tenant involved, ends the request. */
  async reject(user: AuthenticatedUser, requestId: string, reason: string | undefined): Promise<AccessRequestView> {
    await this.requireDecider(user, requestId);
    const rejected = await this.tx.run(async (session) => {
      const { request, now } = await this.forDecision(requestId, session);
      const next = reject(request, { userId: user.id, tenantId: user.tenantId }, reason, now);
      await this.save(request, next, session);
      await this.outbox.record([accessRejected(next)], session);
      await this.audit.record(
        [
          {
            tenantIds: request.requiredTenantIds,
            at: now,
            actorId: user.id,
            action: 'request.rejected',
            reason: next.rejection!.reason,
            caseId: request.caseId,
            requestId: request._id,
            details: { rejectingTenantId: user.tenantId },
          },
        ],
        session,
      );
      return next;
    });
    return toAccessRequestView(rejected, perspectiveOf(user, rejected), this.clock.now());
  }

  /** The engineer withdraws a request that is still pending. */
  async cancel(user: AuthenticatedUser, requestId: string): Promise<AccessRequestView> {
    const found = await this.requests.findById(requestId);
    if (!found) throw new AccessRequestNotFoundError();
    if (relationOf(user, found).kind !== 'requester') {
      perspectiveOf(user, found);
      throw new RequesterOnlyError();
    }
    const cancelled = await this.tx.run(async (session) => {
      const request = await this.requests.findById(requestId, session);
      if (!request) throw new AccessRequestNotFoundError();
      const now = this.clock.now();
      assertPending(request, now);
      return this.requestLifecycle.endPending(request, 'withdrawn', now, user.id, session);
    });
    return toAccessRequestView(cancelled, 'full', this.clock.now());
  }

  private async requireDecider(user: AuthenticatedUser, requestId: string): Promise<void> {
    const request = await this.requests.findById(requestId);
    if (!request) throw new AccessRequestNotFoundError();
    assertMayDecide(user, request);
  }

  /** The request and its open case, read inside the deciding transaction. */
  private async forDecision(requestId: string, session: ClientSession) {
    const request = await this.requests.findById(requestId, session);
    if (!request) throw new AccessRequestNotFoundError();
    const caseCopy = await this.caseCopies.findById(request.caseId, session);
    if (!caseCopy || caseCopy.status !== 'open') throw new CaseClosedError();
    return { request, caseCopy, now: this.clock.now() };
  }

  private async claimOpenCase(caseId: string, session: ClientSession): Promise<void> {
    if (!(await this.caseCopies.claimOpenForAccess(caseId, session))) throw new CaseClosedError();
  }

  /** Refused for an engineer known to be deactivated; one not yet heard of is allowed (see `engineer-copy.ts`). */
  private async claimActiveEngineer(engineerId: string, session: ClientSession): Promise<void> {
    if (!(await this.engineers.claimForAccess(engineerId, session))) throw new EngineerDeactivatedError();
  }

  private async save(current: AccessRequestRecord, next: AccessRequestRecord, session: ClientSession): Promise<void> {
    if (!(await this.requests.replaceVersion(current, next, session))) throw new ConcurrentAccessUpdateError();
  }
}
