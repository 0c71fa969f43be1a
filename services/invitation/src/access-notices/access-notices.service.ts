import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import type { EventEnvelope } from '@support-hub/contracts';
import { Inbox } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock } from '@support-hub/platform';
import { InvitationsRepository } from '../invitations/invitations.repository';
import { WorkspaceCopiesRepository } from '../workspaces/workspace-copies.repository';
import { approvalNotices, engineerNotice, outcomeKindOf, requestCopyOf, type Approver, type OutcomeEvent } from './access-notice';
import { AccessNoticeMailSender } from './access-notice-mail.sender';
import { AccessNoticesRepository } from './access-notices.repository';

/** An outcome that overtook its `access.requested`: retried (with delay) until the request is known. */
export class RequestNotYetKnownError extends Error {
  constructor(requestId: string) {
    super(`access request ${requestId} is not known yet (access.requested not handled yet)`);
    this.name = 'RequestNotYetKnownError';
  }
}

const HANDLER = 'access-notices';

/**
 * Turns access.* events into emails: the notices are stored with the event's inbox mark in one
 * transaction (a redelivered event mails nobody twice), then AccessNoticeMailSender sends them.
 */
@Injectable()
export class AccessNoticesService {
  constructor(
    private readonly notices: AccessNoticesRepository,
    private readonly copies: WorkspaceCopiesRepository,
    private readonly invitations: InvitationsRepository,
    private readonly sender: AccessNoticeMailSender,
    private readonly inbox: Inbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Asks the workspace's admins in each tenant whose approval is needed. */
  async askApprovers(event: EventEnvelope<'access.requested'>): Promise<void> {
    const request = requestCopyOf(event);
    const approvers = await this.approversOf(request.workspaceId);
    const workspaceName = await this.workspaceName(request.workspaceId);
    const stored = await this.tx.run((session) =>
      this.inbox.once(
        event,
        session,
        async () => {
          await this.notices.saveRequestCopy(request, session);
          await this.notices.insert(approvalNotices(event.id, request, approvers, workspaceName, this.clock.now()), session);
        },
        HANDLER,
      ),
    );
    if (!stored.duplicate) this.sender.nudge();
  }

  /** Tells the engineer of an approval, a rejection, a removal or an expiry; never anyone else. */
  async tellEngineer(event: OutcomeEvent): Promise<void> {
    if (!outcomeKindOf(event)) return;
    const workspaceName = await this.workspaceName(event.data.workspaceId);
    const stored = await this.tx.run((session) => this.inbox.once(event, session, () => this.storeEngineerNotice(event, workspaceName, session), HANDLER));
    if (!stored.duplicate) this.sender.nudge();
  }

  private async storeEngineerNotice(event: OutcomeEvent, workspaceName: string, session: ClientSession): Promise<void> {
    const request = await this.notices.findRequestCopy(event.data.requestId!, session);
    if (!request) throw new RequestNotYetKnownError(event.data.requestId!);
    const notice = engineerNotice(event, request, workspaceName, this.clock.now());
    if (notice) await this.notices.insert([notice], session);
  }

  /** Current admins of the workspace, each with the tenant they joined it from (known from their acceptance). */
  private async approversOf(workspaceId: string): Promise<Approver[]> {
    const admins = await this.copies.activeAdmins(workspaceId);
    const tenants = await this.invitations.acceptedTenantsOf(workspaceId, admins.map((admin) => admin.userId));
    return admins.flatMap((admin) => {
      const tenantId = tenants.get(admin.userId);
      return tenantId && admin.email ? [{ email: admin.email, tenantId }] : [];
    });
  }

  private async workspaceName(workspaceId: string): Promise<string> {
    return (await this.copies.findWorkspace(workspaceId))?.name ?? 'Support Hub';
  }
}
