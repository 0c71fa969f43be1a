import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { assertPersonalAccountAdmitted, type AuthenticatedUser, WorkspaceNotFoundError } from '@support-hub/auth';
import { Outbox, type AnyNewEvent } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock, decodeTimeCursor, DEFAULT_PAGE_SIZE, type Page, toPage } from '@support-hub/platform';
import { ContractTerms } from '@support-hub/contract-copies';
import { EngineersRepository } from '../engineers/engineers.repository';
import { CaseBookingService } from './case-booking.service';
import { WorkspaceDirectoryService, type WorkspaceStanding } from '../workspaces/workspace-directory.service';
import { assertMayDecideConsent } from './case-consent.policy';
import { caseAssigned, caseClosed, caseConsentChanged, caseOpened, caseReopened } from './case.events';
import { assertOpen, assign, changeByCustomer, close, openCase, reopen, type CaseRecord } from './case';
import { toCaseView, type CaseView } from './case.view';
import {
  CaseActionForbiddenError,
  CaseNotFoundError,
  ConcurrentCaseUpdateError,
  EmptyCaseUpdateError,
  ManagerRoleRequiredError,
  MembershipRequiredError,
} from './cases.errors';
import { CasesRepository } from './cases.repository';
import type { ListCasesQueryDto } from './dto/list-cases.query';
import type { ListMyCasesQueryDto } from './dto/list-my-cases.query';
import type { OpenCaseDto } from './dto/open-case.dto';
import type { UpdateCaseDto } from './dto/update-case.dto';

/** How the caller stands towards one case; the case is visible to them only if one of these holds. */
interface CaseStanding extends WorkspaceStanding {
  isAssignedEngineer: boolean;
}


@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly engineers: EngineersRepository,
    private readonly booking: CaseBookingService,
    private readonly directory: WorkspaceDirectoryService,
    private readonly outbox: Outbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly contracts: ContractTerms,
  ) {}

  async open(user: AuthenticatedUser, workspaceId: string, input: OpenCaseDto): Promise<CaseView> {
    const standing = await this.directory.standingOf(workspaceId, user);
    if (!standing.role) throw standing.managesContract ? new MembershipRequiredError() : new WorkspaceNotFoundError();
    assertPersonalAccountAdmitted(user, standing);
    if (standing.contractId) await this.contracts.assertOpen(standing.contractId);
    const resourceTenantId = input.resourceTenantId ?? user.tenantId;
    if (input.allowAdvancedDiagnostics) assertMayDecideConsent(user, { requestTenantId: user.tenantId, resourceTenantId }, standing.customerTenantId);
    const id = randomUUID();
    const created = await this.booking.withRetries((spread) =>
      this.tx.run(async (session) => {
        const now = this.clock.now();
        const opened = openCase({ ...input, id, workspaceId, opener: { id: user.id, tenantId: user.tenantId }, resourceTenantId, at: now });
        const booked = await this.booking.book(opened.productAreaKey, session, spread);
        const stored = booked ? assign(opened, booked, now) : opened;
        await this.cases.insert(stored, session);
        await this.outbox.record(booked ? [caseOpened(opened), caseAssigned(stored)] : [caseOpened(opened)], session);
        return stored;
      }),
    );
    return toCaseView(created);
  }

  async get(user: AuthenticatedUser, caseId: string): Promise<CaseView> {
    const { record } = await this.visibleCase(user, caseId);
    return toCaseView(record);
  }

  async listInWorkspace(user: AuthenticatedUser, workspaceId: string, query: ListCasesQueryDto): Promise<Page<CaseView>> {
    const standing = await this.directory.standingOf(workspaceId, user);
    if (!standing.role && !standing.managesContract) throw new WorkspaceNotFoundError();
    assertPersonalAccountAdmitted(user, standing);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.cases.listInWorkspace(workspaceId, filterOf(query), decodeTimeCursor(query.cursor), limit + 1);
    return toPage(rows, limit, positionOf, toCaseView);
  }

  /**
   * The caller's cases: those of the workspaces they are a member of and, for a support
   * engineer, those assigned to them; `workspaceId` narrows to one workspace the caller sees
   * (its CSAM/AC see all of its cases). `assigned=none` is the unassigned queue, for support
   * managers: open cases waiting for an engineer, the longest waiting first.
   */
  async listMine(user: AuthenticatedUser, query: ListMyCasesQueryDto): Promise<Page<CaseView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeTimeCursor(query.cursor);
    const filter = { ...filterOf(query), ...(query.workspaceId && { workspaceId: query.workspaceId }) };
    if (query.assigned === 'none') {
      if (!user.hasRole('support-manager')) throw new ManagerRoleRequiredError();
      const { status: _queueIsOpenCases, ...queueFilter } = filter;
      return toPage(await this.cases.listUnassigned(queueFilter, after, limit + 1), limit, positionOf, toCaseView);
    }
    // Only a support engineer has assigned cases; the same id in another tenant's token has none.
    const engineerId = user.hasRole('support-engineer') ? user.id : null;
    const workspaceIds = query.workspaceId ? await this.visibleWorkspace(user, query.workspaceId, engineerId) : await this.directory.workspacesOf(user);
    return toPage(await this.cases.listForCaller({ workspaceIds, engineerId }, filter, after, limit + 1), limit, positionOf, toCaseView);
  }

  /**
   * Description and consent belong to the customer: workspace members change them while the
   * case is open, and consent only members of the customer tenant (case-consent.policy).
   */
  async update(user: AuthenticatedUser, caseId: string, input: UpdateCaseDto): Promise<CaseView> {
    if (input.allowAdvancedDiagnostics === undefined && input.description === undefined) throw new EmptyCaseUpdateError();
    const { record, standing } = await this.visibleCase(user, caseId);
    if (!standing.role) throw new CaseActionForbiddenError('change', 'members of the workspace');
    // A case's tenants never change, so the record read here decides for the transaction too.
    if (input.allowAdvancedDiagnostics !== undefined) assertMayDecideConsent(user, record, standing.customerTenantId);
    const updated = await this.tx.run(async (session) => {
      const current = await this.openCase(caseId, session);
      const { next, consentChanged } = changeByCustomer(current, input, this.clock.now());
      if (consentChanged) await this.commit(current, next, [caseConsentChanged(next, user.id)], session);
      else await this.cases.updateDescription(caseId, next.description, next.updatedAt, session);
      return next;
    });
    return toCaseView(updated);
  }

  async close(user: AuthenticatedUser, caseId: string): Promise<CaseView> {
    const { standing } = await this.visibleCase(user, caseId);
    if (!standing.isAssignedEngineer && standing.role !== 'admin') {
      throw new CaseActionForbiddenError('close', 'the assigned engineer or a workspace admin');
    }
    const closed = await this.tx.run(async (session) => {
      const current = await this.openCase(caseId, session);
      const next = close(current, user.id, this.clock.now());
      // Frees the case's place in its engineer's load: the load is counted from the cases.
      await this.commit(current, next, [caseClosed(next)], session);
      return next;
    });
    return toCaseView(closed);
  }

  /**
   * A reopened case starts without consent: access granted for the earlier period never comes
   * back by itself, the customer consents again (or an admin approves a new request).
   * It stays with its engineer if they are still active; otherwise it is assigned anew.
   */
  async reopen(user: AuthenticatedUser, caseId: string): Promise<CaseView> {
    const { standing } = await this.visibleCase(user, caseId);
    if (!standing.role && !standing.isAssignedEngineer) {
      throw new CaseActionForbiddenError('reopen', 'members of the workspace or the assigned engineer');
    }
    const reopened = await this.booking.withRetries((spread) =>
      this.tx.run(async (session) => {
        const current = await this.cases.findById(caseId, session);
        if (!current) throw new CaseNotFoundError();
        const now = this.clock.now();
        const engineer = current.assignedEngineerId ? await this.engineers.findById(current.assignedEngineerId, session) : null;
        const kept = engineer?.active ? await this.booking.placeWith(engineer._id, session) : null;
        let next = reopen(current, user.id, now, kept);
        const events: AnyNewEvent[] = [caseReopened(next)];
        if (!next.assignedEngineerId) {
          const booked = await this.booking.book(current.productAreaKey, session, spread);
          if (booked) {
            next = assign(next, booked, now);
            events.push(caseAssigned(next));
          }
        }
        await this.commit(current, next, events, session);
        return next;
      }),
    );
    return toCaseView(reopened);
  }

  /** `[workspaceId]` if the caller sees all its cases, `[]` if only those assigned to them; else 404. */
  private async visibleWorkspace(user: AuthenticatedUser, workspaceId: string, engineerId: string | null): Promise<string[]> {
    const standing = await this.directory.standingOf(workspaceId, user);
    if (standing.role || standing.managesContract) return [workspaceId];
    if (engineerId) return [];
    throw new WorkspaceNotFoundError();
  }

  private async commit(current: CaseRecord, next: CaseRecord, events: AnyNewEvent[], session: ClientSession): Promise<void> {
    if (!(await this.cases.replaceRevision(current, next, session))) throw new ConcurrentCaseUpdateError();
    await this.outbox.record(events, session);
  }

  private async openCase(caseId: string, session: ClientSession): Promise<CaseRecord> {
    const current = await this.cases.findById(caseId, session);
    if (!current) throw new CaseNotFoundError();
    assertOpen(current);
    return current;
  }

  /**
   * Members of the workspace, the assigned engineer and the contract's CSAM/AC see a case; anyone
   * else gets 404, and a Personal account the workspace does not allow 403.
   */
  private async visibleCase(user: AuthenticatedUser, caseId: string): Promise<{ record: CaseRecord; standing: CaseStanding }> {
    const record = await this.cases.findById(caseId);
    if (!record) throw new CaseNotFoundError();
    const standing: CaseStanding = {
      ...(await this.directory.standingOf(record.workspaceId, user)),
      isAssignedEngineer: user.actsAs('support-engineer', record.assignedEngineerId),
    };
    if (!standing.role && !standing.managesContract && !standing.isAssignedEngineer) throw new CaseNotFoundError();
    assertPersonalAccountAdmitted(user, standing);
    return { record, standing };
  }
}

function filterOf(query: ListCasesQueryDto) {
  return { ...(query.status && { status: query.status }), ...(query.severity && { severity: query.severity }) };
}

function positionOf(record: CaseRecord) {
  return { sortKey: record.openedAt.toISOString(), id: record._id };
}
