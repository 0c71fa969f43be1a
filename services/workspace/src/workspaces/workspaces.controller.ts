import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, ApiUuidParams, PageQueryDto, type Page } from '@support-hub/platform';
import { AddServicesDto } from './dto/add-services.dto';
import { ChangeSettingsDto } from './dto/change-settings.dto';
import { WorkspacePage, WorkspaceView } from './dto/workspace.view';
import { WorkspacesService } from './workspaces.service';

@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('workspaces')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @ApiOperation({ summary: 'My workspaces (member of, or managed as CSAM/AC), each with my role' })
  @ApiOkResponse({ type: WorkspacePage })
  @ApiErrors({ 400: ['INVALID_CURSOR'] })
  listMine(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQueryDto): Promise<Page<WorkspaceView>> {
    return this.workspaces.listMine(user, query);
  }

  @Get(':id')
  @ApiUuidParams('id')
  @ApiOkResponse({ type: WorkspaceView })
  @ApiErrors({ 403: ['PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['WORKSPACE_NOT_FOUND'] })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<WorkspaceView> {
    return this.workspaces.get(user, id);
  }

  @Patch(':id/settings')
  @ApiOperation({ summary: 'Personal-account policy (CSAM/AC; Premier cannot turn it off)' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: WorkspaceView })
  @ApiErrors({ 403: ['CONTRACT_MANAGER_REQUIRED', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['WORKSPACE_NOT_FOUND'], 422: ['PERSONAL_ACCOUNTS_REQUIRED'] })
  changeSettings(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: ChangeSettingsDto,
  ): Promise<WorkspaceView> {
    return this.workspaces.changeSettings(user, id, body);
  }

  @Post(':id/services')
  @HttpCode(200)
  @ApiOperation({ summary: "Add purchased services of the contract to the workspace (CSAM/AC)" })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: WorkspaceView })
  @ApiErrors({ 403: ['CONTRACT_MANAGER_REQUIRED', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['WORKSPACE_NOT_FOUND'], 422: ['SERVICE_NOT_PURCHASED'] })
  addServices(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: AddServicesDto,
  ): Promise<WorkspaceView> {
    return this.workspaces.addServices(user, id, body);
  }
}
