import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { isPersonalAccountTenant, type AuthenticatedUser } from '@support-hub/auth';
import { Outbox } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { APP_CONFIG, Clock, decodeTimeCursor, DEFAULT_PAGE_SIZE, type Page, toPage } from '@support-hub/platform';
import { AuditTrail } from '../audit/audit.trail';
import { CaseCopiesRepository } from '../cases/case-copies.repository';
import type { CaseCopyRecord } from '../cases/case-copy.schema';
import type { AccessConfig } from '../config/access.config';
import { accessApproved, accessRejected, accessRequested } from '../events/access-events';
import { ExpiryService } from '../expiry/expiry.service';
import { GrantLifecycle } from '../grants/grant-lifecycle.service';
import { ConcurrentAccessUpdateError } from '../grants/grants.errors';
import { ManageSupportAccessRequiredError } from '../tenancy/tenancy.errors';
import { requireSupportAccessAdminOf } from '../tenancy/tenant-admin';
import type { AccessRequestRecord } from './access-request.schema';
import { effectiveStatus, hasApprovedFor, involvesPersonalAccountTenant, isFullyApproved, requiredTenantsOf } from './access-request.rules';
import { toAccessRequestView, type AccessRequestView, type RequestPerspective } from './access-request.view';
import {
  AccessRequestNotFoundError,
  AlreadyApprovedError,
  CaseClosedError,
  CaseNotFoundError,
  DurationExceedsCapError,
  EngineerNoLongerAssignedError,
  PersonalAccountNoDiagnosticsError,
  RequestAlreadyOpenError,
  RequesterOnlyError,
  RequestExpiredError,
  RequestNotPendingError,
  SelfApprovalError,
  TenantNotInCaseError,
} from './access-requests.errors';
import { AccessRequestsRepository } from './access-requests.repository';
import type { CreateAccessRequestDto } from './dto/create-access-request.dto';
import type { ListAccessRequestsQueryDto } from './dto/list-access-requests.query';
import { RequestLifecycle } from './request-lifecycle.service';

/** How the caller relates to a request, which decides what they may see and do. */
type Relation = { kind: 'requester' } | { kind: 'admin'; perspective: RequestPerspective } | { kind: 'tenant-user' } | { kind: 'stranger' };

@Injectable()
export class AccessRequestsService {
  constructor(
    private readonly requests: AccessRequestsRepository,
    private readonly caseCopies: CaseCopiesRepository,
    private readonly grants: GrantLifecycle,
    private readonly requestLifecycle: RequestLifecycle,
    private readonly expiry: ExpiryService,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AccessConfig,
  ) {}

  /** Filed by the engineer assigned to the open case, for one of the case's tenants. */
  async create(user: AuthenticatedUser, input: CreateAccessRequestDto): Promise<AccessRequestView> {
    const hours = input.durationHours ?? this.config.ACCESS_GRANT_DEFAULT_HOURS;
    if (hours > this.config.ACCESS_GRANT_MAX_HOURS) throw new DurationExceedsCapError(this.config.ACCESS_GRANT_MAX_HOURS);
    // Refused before the case is even looked up: the answer confirms nothing about the case.
    if (isPersonalAccountTenant(input.resourceTenantId)) throw new PersonalAccountNoDiagnosticsError();
    const created = await this.tx.run(async (session) => {
      const caseCopy = await this.caseCopies.findById(input.caseId, session);
      if (!caseCopy || caseCopy.assignedEngineerId !== user.id) throw new CaseNotFoundError();
      if (involvesPersonalAccountTenant({ requestTenantId: caseCopy.requestTenantId, resourceTenantId: input.resourceTenantId })) {
        throw new PersonalAccountNoDiagnosticsError();
      }
      if (caseCopy.status !== 'open') throw new CaseClosedError();
      if (input.resourceTenantId !== caseCopy.resourceTenantId && input.resourceTenantId !== caseCopy.requestTenantId) {
        throw new TenantNotInCaseError();
      }
      await this.claimOpenCase(caseCopy._id, session);
      const now = this.clock.now();
      const open = await this.requests.findOpen(caseCopy._id, input.resourceTenantId, user.id, session);
      if (open && ['pending', 'approved'].includes(effectiveStatus(open, now))) throw new RequestAlreadyOpenError();
      const request = newRequest(caseCopy, user.id, input, hours, now, this.config.ACCESS_REQUEST_TTL_HOURS);
      await this.requests.insert(request, session);
      await this.outbox.record([accessRequested(request)], session);
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
    return toAccessRequestView(request, perspectiveOrThrow(relationOf(user, request)), this.clock.now());
  }

  async list(user: AuthenticatedUser, query: ListAccessRequestsQueryDto): Promise<Page<AccessRequestView>> {
    if (query.tenantId) requireSupportAccessAdminOf(user, query.tenantId);
    await this.expiry.expireDue();
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeTimeCursor(query.cursor);
    const now = this.clock.now();
    const rows = query.tenantId
      ? await this.requests.listForTenant(query.tenantId, query.status, after, limit + 1)
      : user.hasRole('support-engineer')
        ? await this.requests.listForEngineer(user.id, query.status, after, limit + 1)
        : []; // only support engineers file requests; the same id in another tenant's token has none
    return toPage(
      rows,
      limit,
      (row) => ({ sortKey: row.createdAt.toISOString(), id: row._id }),
      (row) => toAccessRequestView(row, perspectiveOrThrow(relationOf(user, row)), now),
    );
  }

  /**
   * Approval for the caller's tenant (`tid`). When every tenant involved has approved, the
   * grant is issued in the same transaction. Refused once the case is closed, even if the
   * close arrived here only a moment ago: the close handler and this transaction both write
   * the case copy, so they cannot interleave.
   */
  async approve(user: AuthenticatedUser, requestId: string): Promise<AccessRequestView> {
    await this.requireDecider(user, requestId);
    const approved = await this.tx.run(async (session) => {
      const { request, caseCopy, now } = await this.pendingForDecision(user, requestId, session);
      // Requests filed before this rule existed: approving one must not create access either.
      if (involvesPersonalAccountTenant(request)) throw new PersonalAccountNoDiagnosticsError();
      if (hasApprovedFor(request, user.tenantId)) throw new AlreadyApprovedError();
      if (caseCopy.assignedEngineerId !== request.engineerId) throw new EngineerNoLongerAssignedError();
      await this.claimOpenCase(caseCopy._id, session);
      const approvals = [...request.approvals, { tenantId: user.tenantId, approvedBy: user.id, at: now }];
      let next: AccessRequestRecord = { ...request, approvals, updatedAt: now };
      const complete = isFullyApproved(next);
      const grantId = complete ? randomUUID() : null;
      if (complete) {
        const grantExpiresAt = new Date(now.getTime() + request.durationHours * 3_600_000);
        next = { ...next, status: 'approved', statusSeenByRequestTenant: 'approved', grantId, grantExpiresAt };
      }
      if (!(await this.requests.replaceVersion(request, next, session))) throw new ConcurrentAccessUpdateError();
      await this.outbox.record([accessApproved(next, user.tenantId, user.id)], session);
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
            details: { approvingTenantId: user.tenantId, fullyApproved: complete },
          },
        ],
        session,
      );
      if (complete) {
        await this.grants.issue(
          {
            grantId: grantId!,
            requestId: request._id,
            caseCopy,
            engineerId: request.engineerId,
            tenantId: request.resourceTenantId,
            basis: 'request',
            hours: request.durationHours,
            at: now,
            actorId: user.id,
            reason: 'support access request approved by every tenant involved',
          },
          session,
        );
      }
      return next;
    });
    return toAccessRequestView(approved, perspectiveOrThrow(relationOf(user, approved)), this.clock.now());
  }

  /** Any rejection, by any tenant involved, ends the request. */
  async reject(user: AuthenticatedUser, requestId: string, reason: string | undefined): Promise<AccessRequestView> {
    await this.requireDecider(user, requestId);
    const rejected = await this.tx.run(async (session) => {
      const { request, now } = await this.pendingForDecision(user, requestId, session);
      const rejection = { tenantId: user.tenantId, rejectedBy: user.id, reason: reason?.trim() || null, at: now };
      const next: AccessRequestRecord = {
        ...request,
        status: 'rejected',
        statusSeenByRequestTenant: 'rejected',
        rejection,
        endedAt: now,
        endedAtSeenByRequestTenant: now,
        endReason: 'rejected',
        updatedAt: now,
      };
      if (!(await this.requests.replaceVersion(request, next, session))) throw new ConcurrentAccessUpdateError();
      await this.outbox.record([accessRejected(next)], session);
      await this.audit.record(
        [
          {
            tenantIds: request.requiredTenantIds,
            at: now,
            actorId: user.id,
            action: 'request.rejected',
            reason: rejection.reason,
            caseId: request.caseId,
            requestId: request._id,
            details: { rejectingTenantId: user.tenantId },
          },
        ],
        session,
      );
      return next;
    });
    return toAccessRequestView(rejected, perspectiveOrThrow(relationOf(user, rejected)), this.clock.now());
  }

  /** The engineer withdraws a request that is still pending. */
  async cancel(user: AuthenticatedUser, requestId: string): Promise<AccessRequestView> {
    const found = await this.requests.findById(requestId);
    if (!found) throw new AccessRequestNotFoundError();
    const relation = relationOf(user, found);
    if (relation.kind !== 'requester') {
      perspectiveOrThrow(relation);
      throw new RequesterOnlyError();
    }
    const cancelled = await this.tx.run(async (session) => {
      const request = await this.requests.findById(requestId, session);
      if (!request) throw new AccessRequestNotFoundError();
      const now = this.clock.now();
      assertPending(request, now);
      return this.requestLifecycle.endPending(request, 'cancelled', 'withdrawn', now, user.id, session);
    });
    return toAccessRequestView(cancelled, 'full', this.clock.now());
  }

  /** 404 unless the caller may see the request; 403 for the requester and for users without the permission. */
  private async requireDecider(user: AuthenticatedUser, requestId: string): Promise<void> {
    const request = await this.requests.findById(requestId);
    if (!request) throw new AccessRequestNotFoundError();
    const relation = relationOf(user, request);
    if (relation.kind === 'requester') throw new SelfApprovalError();
    perspectiveOrThrow(relation);
  }

  private async pendingForDecision(user: AuthenticatedUser, requestId: string, session: ClientSession) {
    const request = await this.requests.findById(requestId, session);
    if (!request) throw new AccessRequestNotFoundError();
    // Re-checked inside the transaction: the requester can never decide, whatever token they hold.
    if (request.engineerId === user.id) throw new SelfApprovalError();
    const caseCopy = await this.caseCopies.findById(request.caseId, session);
    if (!caseCopy || caseCopy.status !== 'open') throw new CaseClosedError();
    const now = this.clock.now();
    assertPending(request, now);
    return { request, caseCopy, now };
  }

  private async claimOpenCase(caseId: string, session: ClientSession): Promise<void> {
    if (!(await this.caseCopies.claimOpenForAccess(caseId, session))) throw new CaseClosedError();
  }
}

function newRequest(caseCopy: CaseCopyRecord, engineerId: string, input: CreateAccessRequestDto, hours: number, now: Date, ttlHours: number): AccessRequestRecord {
  return {
    _id: randomUUID(),
    caseId: caseCopy._id,
    workspaceId: caseCopy.workspaceId,
    severity: caseCopy.severity,
    requestTenantId: caseCopy.requestTenantId,
    resourceTenantId: input.resourceTenantId,
    engineerId,
    justification: input.justification.trim(),
    durationHours: hours,
    status: 'pending',
    statusSeenByRequestTenant: 'pending',
    endedAtSeenByRequestTenant: null,
    requiredTenantIds: requiredTenantsOf(caseCopy.requestTenantId, input.resourceTenantId),
    approvals: [],
    rejection: null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlHours * 3_600_000),
    grantId: null,
    grantExpiresAt: null,
    endedAt: null,
    endReason: null,
    updatedAt: now,
    version: 0,
  };
}

function assertPending(request: AccessRequestRecord, now: Date): void {
  const status = effectiveStatus(request, now);
  // Expired unanswered, whether or not the expiry sweep has stored it yet: one answer.
  if (status === 'expired' && request.grantId === null) throw new RequestExpiredError();
  if (status !== 'pending') throw new RequestNotPendingError(status);
}

/**
 * Admins act for the tenant in their token. An admin of the resource tenant sees everything;
 * an admin of only the request tenant sees the request as the request tenant may know it.
 */
function relationOf(user: AuthenticatedUser, request: AccessRequestRecord): Relation {
  if (user.actsAs('support-engineer', request.engineerId)) return { kind: 'requester' };
  if (!request.requiredTenantIds.includes(user.tenantId)) return { kind: 'stranger' };
  if (!user.canManageSupportAccessOf(user.tenantId)) return { kind: 'tenant-user' };
  return { kind: 'admin', perspective: user.tenantId === request.resourceTenantId ? 'full' : 'request-tenant' };
}

function perspectiveOrThrow(relation: Relation): RequestPerspective {
  if (relation.kind === 'requester') return 'full';
  if (relation.kind === 'admin') return relation.perspective;
  if (relation.kind === 'tenant-user') throw new ManageSupportAccessRequiredError();
  throw new AccessRequestNotFoundError();
}
