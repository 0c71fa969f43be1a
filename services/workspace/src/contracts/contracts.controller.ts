import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, ApiUuidParams, type Page } from '@support-hub/platform';
import { ContractsService } from './contracts.service';
import { CreateContractDto } from './dto/create-contract.dto';
import { ContractPage, ContractView } from './dto/contract.view';
import { ListContractsQueryDto } from './dto/list-contracts.query';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Post()
  @Roles('csam', 'account-coordinator')
  @ApiOperation({ summary: 'Create a support contract (draft); the creator becomes its CSAM or account coordinator' })
  @ApiCreatedResponse({ type: ContractView })
  @ApiErrors({ 400: ['CONTRACT_TERM_INVALID', 'CONTRACT_ROLE_SLOT_MISMATCH'], 403: ['ROLE_REQUIRED'] })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateContractDto): Promise<ContractView> {
    return this.contracts.create(user, body);
  }

  @Get()
  @Roles('csam', 'account-coordinator')
  @ApiOperation({ summary: 'The contracts I manage as CSAM or account coordinator (?status= as of now)' })
  @ApiOkResponse({ type: ContractPage })
  @ApiErrors({ 403: ['ROLE_REQUIRED'] })
  listMine(@CurrentUser() user: AuthenticatedUser, @Query() query: ListContractsQueryDto): Promise<Page<ContractView>> {
    return this.contracts.listMine(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: "A contract; only its own CSAM and account coordinator see it" })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: ContractView })
  @ApiErrors({ 404: ['CONTRACT_NOT_FOUND'] })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<ContractView> {
    return this.contracts.get(user, id);
  }
}
