import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthenticatedUser } from '@support-hub/auth';
import { ContractsService } from './contracts.service';
import { CreateContractDto } from './dto/create-contract.dto';
import { ContractView } from './dto/contract.view';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Post()
  @Roles('csam', 'account-coordinator')
  @ApiOperation({ summary: 'Create a support contract (draft); the creator becomes its CSAM or account coordinator' })
  @ApiCreatedResponse({ type: ContractView })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateContractDto): Promise<ContractView> {
    return this.contracts.create(user, body);
  }

  @Get(':id')
  @ApiOperation({ summary: "A contract; only its own CSAM and account coordinator see it" })
  @ApiOkResponse({ type: ContractView })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<ContractView> {
    return this.contracts.get(user, id);
  }
}
