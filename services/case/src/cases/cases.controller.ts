import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import type { Page } from '@support-hub/platform';
import type { CaseView } from './case.view';
import { CasesService } from './cases.service';
import { ListCasesQueryDto } from './dto/list-cases.query';
import { OpenCaseDto } from './dto/open-case.dto';
import { UpdateCaseDto } from './dto/update-case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller()
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post('workspaces/:id/cases')
  open(@CurrentUser() user: AuthenticatedUser, @Param('id') workspaceId: string, @Body() body: OpenCaseDto): Promise<CaseView> {
    return this.cases.open(user, workspaceId, body);
  }

  @Get('workspaces/:id/cases')
  listInWorkspace(@CurrentUser() user: AuthenticatedUser, @Param('id') workspaceId: string, @Query() query: ListCasesQueryDto): Promise<Page<CaseView>> {
    return this.cases.listInWorkspace(user, workspaceId, query);
  }

  /** The cases assigned to the caller (an engineer's queue). */
  @Get('cases')
  listAssignedToMe(@CurrentUser() user: AuthenticatedUser, @Query() query: ListCasesQueryDto): Promise<Page<CaseView>> {
    return this.cases.listAssignedToMe(user, query);
  }

  @Get('cases/:id')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') caseId: string): Promise<CaseView> {
    return this.cases.get(user, caseId);
  }

  @Patch('cases/:id')
  update(@CurrentUser() user: AuthenticatedUser, @Param('id') caseId: string, @Body() body: UpdateCaseDto): Promise<CaseView> {
    return this.cases.update(user, caseId, body);
  }

  @Post('cases/:id/close')
  @HttpCode(200)
  close(@CurrentUser() user: AuthenticatedUser, @Param('id') caseId: string): Promise<CaseView> {
    return this.cases.close(user, caseId);
  }

  @Post('cases/:id/reopen')
  @HttpCode(200)
  reopen(@CurrentUser() user: AuthenticatedUser, @Param('id') caseId: string): Promise<CaseView> {
    return this.cases.reopen(user, caseId);
  }
}
