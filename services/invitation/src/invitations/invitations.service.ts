import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { assertPersonalAccountAdmitted, type AuthenticatedUser } from '@support-hub/auth';
import type { EventEnvelope } from '@support-hub/contracts';
import { Outbox, type AnyNewEvent } from '@support-hub/messaging';
import { isDuplicateKey, TransactionRunner } from '@support-hub/persistence';
import { APP_CONFIG, Clock, decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@support-hub/platform';
import type { InvitationConfig } from '../config/invitation.config';
import { ContractTerms } from '@support-hub/contract-copies';
import { InvitationMailSender } from './invitation-mail.sender';
import { WorkspaceCopiesRepository } from '../workspaces/workspace-copies.repository';
import type { WorkspaceCopyRecord } from '../workspaces/workspace-copy.schema';
import { AcceptedInvitationView, InvitationView, type CreateInvitationDto, type InvitationListQuery } from './dto/invitation.dto';
import { InvitationAccessPolicy } from './invitation-access';
import { invitationAccepted, invitationCreated, invitationResent, invitationRevoked } from './invitation-events';
import { InvitationExpiry } from './invitation-expiry.service';
import { InvitationTokens } from './invitation-tokens';
import { assertAddressedTo, assertPending, expiryFrom, assertRevocable, newInvitation, type InvitationRecord, type WorkspaceRole } from './invitation';
import { InvitationsRepository } from './invitations.repository';
import {
  AlreadyMemberError,
  InvitationAlreadyPendingError,
  InvitationAlreadyUsedError,
  InvitationNotFoundError,
} from './invitations.errors';

@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly copies: WorkspaceCopiesRepository,
    private readonly access: InvitationAccessPolicy,
    private readonly tokens: InvitationTokens,
    private readonly mail: InvitationMailSender,
    private readonly tx: TransactionRunner,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: InvitationConfig,
    private readonly contracts: ContractTerms,
    private readonly expiry: InvitationExpiry,
  ) {}

  /** By the workspace's admin or its contract's CSAM/AC; one pending invitation per address. */
  async create(user: AuthenticatedUser, workspaceId: string, dto: CreateInvitationDto): Promise<InvitationView> {
    const workspace = await this.access.requireManager(user, workspaceId);
    await this.contracts.assertOpen(workspace.contractId);
    const email = dto.email.toLowerCase();
    if (await this.copies.isMemberEmail(workspaceId, email)) throw new AlreadyMemberError();
    const now = this.clock.now();
    await this.tx.run((session) => this.expiry.expireStaleOf(workspaceId, email, now, session));
    const invitation = this.newInvitation(workspaceId, email, dto.role, user.id, now);
    try {
      await this.tx.run(async (session) => {
        await this.invitations.insert(invitation, session);
        await this.outbox.record([invitationCreated(invitation, workspace)], session);
      });
    } catch (error) {
      // The partial unique index decides between concurrent creates: exactly one inserts.
      if (isDuplicateKey(error)) throw new InvitationAlreadyPendingError();
      throw error;
    }
    this.mail.nudge();
    return InvitationView.of(invitation, now);
  }

  /**
   * The people a new workspace invites without user action (workspace.created). Idempotent: the
   * copy remembers that they were issued, in the same transaction, so a redelivered event (or two
   * replicas handling it at once) invites nobody twice.
   */
  async issueInitialInvitations(event: EventEnvelope<'workspace.created'>): Promise<void> {
    const { data } = event;
    const now = this.clock.now();
    const issued = await this.tx.run(async (session) => {
      const copy = await this.copies.findWorkspace(data.workspaceId, session);
      if (copy?.initialInvitationsIssued) return false;
      const fields: Omit<WorkspaceCopyRecord, '_id' | 'revision' | 'initialInvitationsIssued'> = {
        contractId: data.contractId,
        customerTenantId: data.customerTenantId,
        contractType: data.contractType,
        name: data.name,
        allowPersonalAccounts: data.allowPersonalAccounts,
        csamId: data.csamId,
        accountCoordinatorId: data.accountCoordinatorId,
      };
      if (!copy) {
        await this.copies.insertWorkspace({ _id: data.workspaceId, ...fields, revision: data.revision, initialInvitationsIssued: true }, session);
      } else {
        await this.copies.updateWorkspaceIfNewer(data.workspaceId, data.revision, fields, session);
        await this.copies.markInitialInvitationsIssued(data.workspaceId, session);
      }
      const events: AnyNewEvent[] = [];
      for (const person of data.initialInvitations) {
        const email = person.email.toLowerCase();
        await this.expiry.expireStaleOf(data.workspaceId, email, now, session);
        if (await this.invitations.findPending(data.workspaceId, email, now, session)) continue;
        const invitation = this.newInvitation(data.workspaceId, email, person.role, null, now);
        await this.invitations.insert(invitation, session);
        events.push(invitationCreated(invitation, fields));
      }
      await this.outbox.record(events, session);
      return events.length > 0;
    });
    if (issued) this.mail.nudge();
  }

  async list(user: AuthenticatedUser, workspaceId: string, query: InvitationListQuery): Promise<Page<InvitationView>> {
    await this.access.requireManager(user, workspaceId);
    const now = this.clock.now();
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.invitations.page(workspaceId, query.status, now, decodeCursor(query.cursor), limit + 1);
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row._id }), (row) => InvitationView.of(row, now));
  }

  /** A new email with a new token; the previous token stops working now, and the expiry restarts. */
  async resend(user: AuthenticatedUser, id: string): Promise<InvitationView> {
    const invitation = await this.requireManageable(user, id);
    const now = this.clock.now();
    assertPending(invitation, now);
    const workspace = await this.copies.findWorkspace(invitation.workspaceId);
    if (workspace) await this.contracts.assertOpen(workspace.contractId);
    const rotated = await this.tx.run(async (session) => {
      const updated = await this.invitations.rotate(id, now, expiryFrom(now, this.config.INVITATION_TTL_DAYS), session);
      if (updated) await this.outbox.record([invitationResent(updated, user.id, workspace)], session);
      return updated;
    });
    if (!rotated) {
      // Accepted, revoked or expired between the read and the update: say which.
      assertPending((await this.invitations.findById(id)) ?? invitation, now);
      throw new InvitationNotFoundError();
    }
    this.mail.nudge();
    return InvitationView.of(rotated, now);
  }

  /** Ends a pending invitation; revoking a revoked one again is refused with 409, as every repeated action is. */
  async revoke(user: AuthenticatedUser, id: string): Promise<InvitationView> {
    const invitation = await this.requireManageable(user, id);
    const now = this.clock.now();
    assertRevocable(invitation);
    const workspace = await this.copies.findWorkspace(invitation.workspaceId);
    const revoked = await this.tx.run(async (session) => {
      const updated = await this.invitations.revoke(id, user.id, now, session);
      if (updated) await this.outbox.record([invitationRevoked(updated, user.id, workspace)], session);
      return updated;
    });
    if (revoked) return InvitationView.of(revoked, now);
    // Lost a race: revoked, accepted or expired by someone else first; the model says which.
    assertRevocable((await this.invitations.findById(id)) ?? invitation);
    throw new InvitationAlreadyUsedError();
  }

  /**
   * By a signed-in user whose email matches the invitation's. Every refusal says why and what
   * to do; the membership itself appears once the workspace service handles invitation.accepted.
   */
  async accept(user: AuthenticatedUser, token: string): Promise<AcceptedInvitationView> {
    const tokenHash = this.tokens.hashOf(token);
    const invitation = await this.invitations.findByTokenHash(tokenHash);
    if (!invitation) throw new InvitationNotFoundError();
    const now = this.clock.now();
    assertPending(invitation, now);
    assertAddressedTo(invitation, user);
    const workspace = await this.copies.findWorkspace(invitation.workspaceId);
    if (!workspace) throw new InvitationNotFoundError();
    assertPersonalAccountAdmitted(user, workspace);
    await this.contracts.assertOpen(workspace.contractId);
    const accepted = await this.tx.run(async (session) => {
      const updated = await this.invitations.accept(invitation._id, tokenHash, user, now, session);
      if (updated) await this.outbox.record([invitationAccepted(updated, user, workspace)], session);
      return updated;
    });
    if (!accepted) {
      // Someone (or a second click) got there first, or a resend replaced this token.
      const current = await this.invitations.findById(invitation._id);
      if (current) assertPending(current, now);
      throw new InvitationNotFoundError();
    }
    return { invitationId: accepted._id, workspaceId: accepted.workspaceId, role: accepted.role };
  }

  /** An invitation of a workspace the caller manages; 404 (not 403) for anyone who may not see it. */
  private async requireManageable(user: AuthenticatedUser, id: string): Promise<InvitationRecord> {
    const invitation = await this.invitations.findById(id);
    if (!invitation) throw new InvitationNotFoundError('Invitation not found');
    await this.access.requireManager(user, invitation.workspaceId, () => new InvitationNotFoundError('Invitation not found'));
    return invitation;
  }

  private newInvitation(workspaceId: string, email: string, role: WorkspaceRole, invitedBy: string | null, now: Date): InvitationRecord {
    return newInvitation({ id: randomUUID(), workspaceId, email, role, invitedBy, at: now, ttlDays: this.config.INVITATION_TTL_DAYS });
  }
}
