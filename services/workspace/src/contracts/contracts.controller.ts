import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, ApiUuidParams } from '@support-hub/platform';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { CreateWorkspaceDto } from '../workspaces/dto/create-workspace.dto';
import { WorkspaceView } from '../workspaces/dto/workspace.view';
import { ContractsService } from './contracts.service';
import { CreateContractDto } from './dto/create-contract.dto';
import { ContractView } from './dto/contract.view';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('contracts')
export class ContractsController {
  constructor(
    private readonly contracts: ContractsService,
    private readonly workspaces: WorkspacesService,
  ) {}

  @Post()
  @Roles('csam', 'account-coordinator')
  @ApiOperation({ summary: 'Create a support contract (draft); the creator becomes its CSAM or account coordinator' })
  @ApiCreatedResponse({ type: ContractView })
  @ApiErrors({ 400: ['CONTRACT_TERM_INVALID', 'CONTRACT_ROLE_SLOT_MISMATCH'], 403: ['ROLE_REQUIRED'] })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateContractDto): Promise<ContractView> {
    return this.contracts.create(user, body);
  }

  @Get(':id')
  @ApiOperation({ summary: "A contract; only its own CSAM and account coordinator see it" })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: ContractView })
  @ApiErrors({ 404: ['CONTRACT_NOT_FOUND'] })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<ContractView> {
    return this.contracts.get(user, id);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Activate a draft contract now: creates the default workspace and invites its people' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: ContractView })
  @ApiErrors({ 404: ['CONTRACT_NOT_FOUND'], 409: ['CONTRACT_ALREADY_ACTIVE', 'CONTRACT_EXPIRED'] })
  activate(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<ContractView> {
    return this.contracts.activate(user, id);
  }

  @Post(':id/workspaces')
  @ApiOperation({ summary: 'Create an additional workspace during the term; its admin is invited' })
  @ApiUuidParams('id')
  @ApiCreatedResponse({ type: WorkspaceView })
  @ApiErrors({ 404: ['CONTRACT_NOT_FOUND'], 409: ['CONTRACT_NOT_ACTIVE', 'WORKSPACE_NAME_TAKEN'] })
  createWorkspace(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateWorkspaceDto,
  ): Promise<WorkspaceView> {
    return this.workspaces.createAdditional(user, id, body);
  }
}
