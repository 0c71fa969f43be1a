import { DynamicModule, Module, Provider } from '@nestjs/common';
import { serviceChassis } from '@support-hub/chassis';
import { modelProvider } from '@support-hub/persistence';
import { Clock } from '@support-hub/platform';
import { AssignmentController } from './assignment/assignment.controller';
import { AssignmentService } from './assignment/assignment.service';
import { WaitingCasesSweeper } from './assignment/waiting-cases.sweeper';
import { CASE, caseSchema } from './cases/case.schema';
import { CaseBookingService } from './cases/case-booking.service';
import { CasesController } from './cases/cases.controller';
import { CasesRepository } from './cases/cases.repository';
import { CasesService } from './cases/cases.service';
import type { CaseConfig } from './config/case.config';
import { ENGINEER, engineerSchema } from './engineers/engineer.schema';
import { EngineerLoadReader } from './engineers/engineer-load.reader';
import { EngineersController } from './engineers/engineers.controller';
import { EngineersRepository } from './engineers/engineers.repository';
import { EngineersService } from './engineers/engineers.service';
import { ContractCopiesHandlers, contractCopiesProviders } from '@support-hub/contract-copies';
import { WorkspaceDirectoryHandlers } from './workspaces/workspace-directory.handlers';
import { WorkspaceDirectoryRepository } from './workspaces/workspace-directory.repository';
import { MEMBERSHIP_COPY, membershipCopySchema, WORKSPACE_COPY, workspaceCopySchema } from './workspaces/workspace-directory.schema';
import { WorkspaceDirectoryService } from './workspaces/workspace-directory.service';

/** What a test may replace: time, to move expiry and assignment order without waiting. */
export interface CaseServiceOverrides {
  clock?: Clock;
}

@Module({})
export class CaseServiceModule {
  static register(config: CaseConfig, overrides: CaseServiceOverrides = {}): DynamicModule {
    const clock: Provider[] = overrides.clock ? [{ provide: Clock, useValue: overrides.clock }] : [];
    return {
      module: CaseServiceModule,
      imports: [
        ...serviceChassis('case', config),
      ],
      controllers: [CasesController, AssignmentController, EngineersController, WorkspaceDirectoryHandlers, ContractCopiesHandlers],
      providers: [
        ...clock,
        modelProvider(CASE, caseSchema),
        modelProvider(ENGINEER, engineerSchema),
        modelProvider(WORKSPACE_COPY, workspaceCopySchema),
        modelProvider(MEMBERSHIP_COPY, membershipCopySchema),
        ...contractCopiesProviders,
        WorkspaceDirectoryRepository,
        WorkspaceDirectoryService,
        EngineersRepository,
        EngineersService,
        CasesRepository,
        { provide: EngineerLoadReader, useExisting: CasesRepository },
        CaseBookingService,
        CasesService,
        AssignmentService,
        WaitingCasesSweeper,
      ],
    };
  }
}
