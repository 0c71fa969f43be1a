import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, ApiUuidParams, type Page } from '@support-hub/platform';
import { CasePage, CaseResponse } from './case.response';
import type { CaseView } from './case.view';
import { CasesService } from './cases.service';
import { ListCasesQueryDto } from './dto/list-cases.query';
import { ListMyCasesQueryDto } from './dto/list-my-cases.query';
import { OpenCaseDto } from './dto/open-case.dto';
import { UpdateCaseDto } from './dto/update-case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller()
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post('workspaces/:id/cases')
  @ApiOperation({ summary: 'Open a case in a workspace (its members); it is assigned to an engineer of its product area' })
  @ApiUuidParams('id')
  @ApiCreatedResponse({ type: CaseResponse })
  @ApiErrors({ 403: ['MEMBERSHIP_REQUIRED', 'PERSONAL_ACCOUNT_NO_DIAGNOSTICS', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['WORKSPACE_NOT_FOUND'] })
  open(@CurrentUser() user: AuthenticatedUser, @Param('id') workspaceId: string, @Body() body: OpenCaseDto): Promise<CaseView> {
    return this.cases.open(user, workspaceId, body);
  }

  @Get('workspaces/:id/cases')
  @ApiOperation({ summary: 'Cases of a workspace (its members and its CSAM/AC)' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: CasePage })
  @ApiErrors({ 400: ['INVALID_CURSOR'], 403: ['PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['WORKSPACE_NOT_FOUND'] })
  listInWorkspace(@CurrentUser() user: AuthenticatedUser, @Param('id') workspaceId: string, @Query() query: ListCasesQueryDto): Promise<Page<CaseView>> {
    return this.cases.listInWorkspace(user, workspaceId, query);
  }

  @Get('cases')
  @ApiOperation({
    summary: 'My cases: those of my workspaces and, for an engineer, those assigned to me; `assigned=none`: the unassigned queue (support managers)',
  })
  @ApiOkResponse({ type: CasePage })
  @ApiErrors({ 400: ['INVALID_CURSOR'], 403: ['ROLE_REQUIRED'], 404: ['WORKSPACE_NOT_FOUND'] })
  listMine(@CurrentUser() user: AuthenticatedUser, @Query() query: ListMyCasesQueryDto): Promise<Page<CaseView>> {
    return this.cases.listMine(user, query);
  }

  @Get('cases/:id')
  @ApiUuidParams('id')
  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors({ 403: ['PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['CASE_NOT_FOUND'] })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') caseId: string): Promise<CaseView> {
    return this.cases.get(user, caseId);
  }

  @Patch('cases/:id')
  @ApiOperation({ summary: 'Change consent to advanced diagnostics (the customer tenant’s members) or the description' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors({
    400: ['EMPTY_UPDATE'],
    403: ['CASE_ACTION_FORBIDDEN', 'CONSENT_NOT_YOURS', 'PERSONAL_ACCOUNT_NO_DIAGNOSTICS', 'PERSONAL_ACCOUNT_NOT_ALLOWED'],
    404: ['CASE_NOT_FOUND'],
    409: ['CASE_CLOSED', 'CONCURRENT_UPDATE'],
  })
  update(@CurrentUser() user: AuthenticatedUser, @Param('id') caseId: string, @Body() body: UpdateCaseDto): Promise<CaseView> {
    return this.cases.update(user, caseId, body);
  }

  @Post('cases/:id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a case (its engineer or a workspace admin): every access to its tenants ends' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors({ 403: ['CASE_ACTION_FORBIDDEN', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['CASE_NOT_FOUND'], 409: ['CASE_CLOSED', 'CONCURRENT_UPDATE'] })
  close(@CurrentUser() user: AuthenticatedUser, @Param('id') caseId: string): Promise<CaseView> {
    return this.cases.close(user, caseId);
  }

  @Post('cases/:id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed case; access it had never comes back' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors({ 403: ['CASE_ACTION_FORBIDDEN', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['CASE_NOT_FOUND'], 409: ['CASE_NOT_CLOSED', 'CONCURRENT_UPDATE'] })
  reopen(@CurrentUser() user: AuthenticatedUser, @Param('id') caseId: string): Promise<CaseView> {
    return this.cases.reopen(user, caseId);
  }
}
