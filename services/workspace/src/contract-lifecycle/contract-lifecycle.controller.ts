import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, ApiUuidParams } from '@support-hub/platform';
import { ContractView } from '../contracts/dto/contract.view';
import { UpdateContractDto } from '../contracts/dto/update-contract.dto';
import { CreateWorkspaceDto } from '../workspaces/dto/create-workspace.dto';
import { WorkspaceView } from '../workspaces/dto/workspace.view';
import { ContractLifecycleService } from './contract-lifecycle.service';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('contracts')
export class ContractLifecycleController {
  constructor(private readonly lifecycle: ContractLifecycleService) {}

  @Patch(':id')
  @ApiOperation({
    summary: 'Change the term (renew, shorten), add services bought later, change contacts or the account team (the contract\'s CSAM/AC); a term extended past now reactivates an expired contract',
  })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: ContractView })
  @ApiErrors({ 400: ['CONTRACT_TERM_INVALID'], 404: ['CONTRACT_NOT_FOUND'], 409: ['CONTRACT_CHANGED_CONCURRENTLY'], 422: ['SERVICE_REMOVAL_NOT_SUPPORTED'] })
  update(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: UpdateContractDto): Promise<ContractView> {
    return this.lifecycle.update(user, id, body);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Activate a draft contract now: creates the default workspace and invites its people' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: ContractView })
  @ApiErrors({ 404: ['CONTRACT_NOT_FOUND'], 409: ['CONTRACT_ALREADY_ACTIVE', 'CONTRACT_EXPIRED'] })
  activate(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<ContractView> {
    return this.lifecycle.activate(user, id);
  }

  @Post(':id/workspaces')
  @ApiOperation({ summary: 'Create an additional workspace during the term; its admin is invited' })
  @ApiUuidParams('id')
  @ApiCreatedResponse({ type: WorkspaceView })
  @ApiErrors({ 404: ['CONTRACT_NOT_FOUND'], 409: ['CONTRACT_NOT_ACTIVE', 'CONTRACT_EXPIRED', 'WORKSPACE_NAME_TAKEN'] })
  createWorkspace(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: CreateWorkspaceDto,
  ): Promise<WorkspaceView> {
    return this.lifecycle.createAdditionalWorkspace(user, id, body);
  }
}
