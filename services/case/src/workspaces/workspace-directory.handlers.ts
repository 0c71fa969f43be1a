import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@support-hub/contracts';
import { OnEvent } from '@support-hub/messaging';
import { WorkspaceDirectoryService } from './workspace-directory.service';

/** Workspace events → the local copy of workspaces and memberships (idempotent by revision). */
@Controller()
export class WorkspaceDirectoryHandlers {
  constructor(private readonly directory: WorkspaceDirectoryService) {}

  @OnEvent('workspace.created')
  onWorkspaceCreated(@Payload() event: EventEnvelope<'workspace.created'>): Promise<void> {
    return this.directory.recordWorkspaceCreated(event);
  }

  @OnEvent('workspace.settings-changed')
  onSettingsChanged(@Payload() event: EventEnvelope<'workspace.settings-changed'>): Promise<void> {
    return this.directory.recordSettingsChanged(event);
  }

  @OnEvent('workspace.member-added')
  onMemberAdded(@Payload() event: EventEnvelope<'workspace.member-added'>): Promise<void> {
    return this.directory.recordMemberAdded(event);
  }

  @OnEvent('workspace.member-updated')
  onMemberUpdated(@Payload() event: EventEnvelope<'workspace.member-updated'>): Promise<void> {
    return this.directory.recordMemberUpdated(event);
  }

  @OnEvent('workspace.member-removed')
  onMemberRemoved(@Payload() event: EventEnvelope<'workspace.member-removed'>): Promise<void> {
    return this.directory.recordMemberRemoved(event);
  }
}
