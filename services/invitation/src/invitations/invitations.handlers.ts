import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@support-hub/contracts';
import { OnEvent } from '@support-hub/messaging';
import { WorkspaceCopiesService } from '../workspaces/workspace-copies.service';
import { InvitationsService } from './invitations.service';

/** workspace.* events: the copies this service decides with, and the invitations a new workspace sends. */
@Controller()
export class InvitationsHandlers {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly copies: WorkspaceCopiesService,
  ) {}

  @OnEvent('workspace.created')
  inviteInitialPeople(@Payload() event: EventEnvelope<'workspace.created'>): Promise<void> {
    return this.invitations.issueInitialInvitations(event);
  }

  @OnEvent('workspace.settings-changed')
  copyWorkspaceSettings(@Payload() event: EventEnvelope<'workspace.settings-changed'>): Promise<void> {
    return this.copies.applySettingsChanged(event);
  }

  @OnEvent('workspace.member-added')
  copyMemberAdded(@Payload() event: EventEnvelope<'workspace.member-added'>): Promise<void> {
    return this.copies.applyMemberAdded(event);
  }

  @OnEvent('workspace.member-updated')
  copyMemberUpdated(@Payload() event: EventEnvelope<'workspace.member-updated'>): Promise<void> {
    return this.copies.applyMemberUpdated(event);
  }

  @OnEvent('workspace.member-removed')
  copyMemberRemoved(@Payload() event: EventEnvelope<'workspace.member-removed'>): Promise<void> {
    return this.copies.applyMemberRemoved(event);
  }
}
