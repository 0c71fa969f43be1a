import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuthenticatedUser } from '@support-hub/auth';
import type { EventEnvelope } from '@support-hub/contracts';
import { Outbox, PermanentEventError } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock, decodeCursor, DEFAULT_PAGE_SIZE, PageQueryDto, toPage, type Page } from '@support-hub/platform';
import { MemberView, type UpdateMemberDto } from './dto/member.dto';
import { MembersRepository } from './members.repository';
import { MemberNotFoundError } from './members.errors';
import { acceptanceOutcome, assertKeepsAnAdmin, changeMember, type MembershipRecord } from './workspace';
import { WorkspaceAccessPolicy } from './workspace-access';
import { workspaceMemberAdded, workspaceMemberRemoved, workspaceMemberUpdated } from './workspace.events';
import { WorkspacesRepository } from './workspaces.repository';
import { WorkspaceAdminRequiredError, WorkspaceNotFoundError } from './workspaces.errors';

/**
 * Memberships. Every change takes the workspace's next revision first, in its transaction:
 * two concurrent changes of one workspace conflict there, so "at least one admin" holds
 * even when two admins demote each other at the same moment.
 */
@Injectable()
export class MembersService {
  private readonly logger = new Logger(MembersService.name);

  constructor(
    private readonly members: MembersRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly access: WorkspaceAccessPolicy,
    private readonly tx: TransactionRunner,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthenticatedUser, workspaceId: string, query: PageQueryDto): Promise<Page<MemberView>> {
    const { workspace } = await this.access.require(user, workspaceId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.members.page(workspaceId, decodeCursor(query.cursor), limit + 1);
    return toPage(rows, limit, (row) => ({ sortKey: row.joinedAt.toISOString(), id: row._id }), (row) => MemberView.of(row, workspace));
  }

  async update(user: AuthenticatedUser, workspaceId: string, userId: string, dto: UpdateMemberDto): Promise<MemberView> {
    const access = await this.access.require(user, workspaceId);
    if (!access.canManageMembers) throw new WorkspaceAdminRequiredError('change members');
    const updated = await this.tx.run(async (session) => {
      const target = await this.members.findOne(workspaceId, userId, session);
      if (!target) throw new MemberNotFoundError();
      const change = changeMember(target, dto);
      if (!change) return { member: target, workspace: access.workspace };
      const workspace = await this.workspaces.bumpRevision(workspaceId, session);
      if (!workspace) throw new WorkspaceNotFoundError();
      assertKeepsAnAdmin(target, change.role, await this.members.countAdmins(workspaceId, session));
      const member = await this.members.update(workspaceId, userId, change, session);
      if (!member) throw new MemberNotFoundError();
      await this.outbox.record([workspaceMemberUpdated(workspace, member)], session);
      return { member, workspace };
    });
    return MemberView.of(updated.member, updated.workspace);
  }

  /** Admins and CSAM/AC remove members; any member may leave, except the last admin. */
  async remove(user: AuthenticatedUser, workspaceId: string, userId: string): Promise<void> {
    const access = await this.access.require(user, workspaceId);
    if (!access.canManageMembers && userId !== user.id) throw new WorkspaceAdminRequiredError('remove members');
    await this.tx.run(async (session) => {
      const target = await this.members.findOne(workspaceId, userId, session);
      if (!target) throw new MemberNotFoundError();
      const workspace = await this.workspaces.bumpRevision(workspaceId, session);
      if (!workspace) throw new WorkspaceNotFoundError();
      assertKeepsAnAdmin(target, 'removed', await this.members.countAdmins(workspaceId, session));
      await this.members.remove(workspaceId, userId, session);
      await this.outbox.record([workspaceMemberRemoved(workspace, userId)], session);
    });
  }

  /**
   * `invitation.accepted` → membership. Applied once per invitation (a redelivery, even after
   * the member was removed again, changes nothing). Someone already a member keeps their
   * membership; an invitation as admin promotes a member.
   */
  async addFromAcceptedInvitation(event: EventEnvelope<'invitation.accepted'>): Promise<void> {
    const { invitationId, workspaceId, userId, email, name, userTenantId, role } = event.data;
    await this.tx.run(async (session) => {
      const now = this.clock.now();
      if (!(await this.members.markAccepted(invitationId, workspaceId, userId, now, session))) return;
      const existing = await this.members.findOne(workspaceId, userId, session);
      const outcome = acceptanceOutcome(existing, role);
      if (outcome === 'none') return;
      const workspace = await this.workspaces.bumpRevision(workspaceId, session);
      // Invitations exist only for workspaces this service announced: an unknown one is a bad message.
      if (!workspace) throw new PermanentEventError(`invitation ${invitationId} names unknown workspace ${workspaceId}`);
      if (existing && outcome === 'promote') {
        const promoted = await this.members.update(workspaceId, userId, { role: 'admin', permissions: existing.permissions }, session);
        await this.outbox.record([workspaceMemberUpdated(workspace, promoted!)], session);
        return;
      }
      const member: MembershipRecord = {
        _id: randomUUID(),
        workspaceId,
        contractId: workspace.contractId,
        userId,
        email: email.toLowerCase(),
        name,
        tenantId: userTenantId,
        role,
        permissions: [],
        joinedAt: now,
        invitationId,
      };
      await this.members.insert(member, session);
      await this.outbox.record([workspaceMemberAdded(workspace, member)], session);
      this.logger.log(`${userId} joined workspace ${workspaceId} as ${role}`);
    });
  }
}
