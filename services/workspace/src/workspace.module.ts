import { DynamicModule, Module } from '@nestjs/common';
import { serviceChassis } from '@support-hub/chassis';
import { modelProvider } from '@support-hub/persistence';
import { ActivityController } from './activity/activity.controller';
import { ActivityHandlers } from './activity/activity.handlers';
import { ActivityRepository } from './activity/activity.repository';
import {
  ACTIVITY_CASE,
  ACTIVITY_ENTRY,
  ACTIVITY_GRANT,
  activityCaseSchema,
  activityEntrySchema,
  activityGrantSchema,
} from './activity/activity.schema';
import { ActivityService } from './activity/activity.service';
import type { WorkspaceConfig } from './config/workspace.config';
import { ContractLifecycleController } from './contract-lifecycle/contract-lifecycle.controller';
import { ContractLifecycleService } from './contract-lifecycle/contract-lifecycle.service';
import { ContractLifecycleSweeper } from './contract-lifecycle/contract-lifecycle.sweeper';
import { CONTRACT, contractSchema } from './contracts/contract.schema';
import { ContractsController } from './contracts/contracts.controller';
import { ContractsRepository } from './contracts/contracts.repository';
import { ContractsService } from './contracts/contracts.service';
import { MembersController } from './workspaces/members.controller';
import { MembersHandlers } from './workspaces/members.handlers';
import { MembersRepository } from './workspaces/members.repository';
import { MembersService } from './workspaces/members.service';
import { ACCEPTED_INVITATION, acceptedInvitationSchema, MEMBERSHIP, membershipSchema } from './workspaces/membership.schema';
import { WorkspaceAccessPolicy } from './workspaces/workspace-access';
import { WORKSPACE, workspaceSchema } from './workspaces/workspace.schema';
import { WorkspacesController } from './workspaces/workspaces.controller';
import { WorkspacesRepository } from './workspaces/workspaces.repository';
import { WorkspacesService } from './workspaces/workspaces.service';

@Module({})
export class WorkspaceServiceModule {
  static register(config: WorkspaceConfig): DynamicModule {
    return {
      module: WorkspaceServiceModule,
      imports: [
        ...serviceChassis('workspace', config),
      ],
      controllers: [ContractsController, ContractLifecycleController, WorkspacesController, MembersController, ActivityController, MembersHandlers, ActivityHandlers],
      providers: [
        modelProvider(CONTRACT, contractSchema),
        modelProvider(WORKSPACE, workspaceSchema),
        modelProvider(MEMBERSHIP, membershipSchema),
        modelProvider(ACCEPTED_INVITATION, acceptedInvitationSchema),
        modelProvider(ACTIVITY_CASE, activityCaseSchema),
        modelProvider(ACTIVITY_GRANT, activityGrantSchema),
        modelProvider(ACTIVITY_ENTRY, activityEntrySchema),
        ContractsRepository,
        ContractsService,
        ContractLifecycleService,
        ContractLifecycleSweeper,
        WorkspacesRepository,
        WorkspaceAccessPolicy,
        WorkspacesService,
        MembersRepository,
        MembersService,
        ActivityRepository,
        ActivityService,
      ],
    };
  }
}
