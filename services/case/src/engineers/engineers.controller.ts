import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, PageQueryDto, type Page } from '@support-hub/platform';
import { RegisterEngineerDto } from './dto/register-engineer.dto';
import { UpdateEngineerDto } from './dto/update-engineer.dto';
import { EngineerPage, EngineerResponse } from './engineer.response';
import type { EngineerView } from './engineer.view';
import { EngineersService } from './engineers.service';

@ApiTags('engineers')
@ApiBearerAuth()
@Roles('support-manager')
@Controller('engineers')
export class EngineersController {
  constructor(private readonly engineers: EngineersService) {}

  @Post()
  @ApiOperation({ summary: 'Register an engineer in the directory (support managers)' })
  @ApiCreatedResponse({ type: EngineerResponse })
  @ApiErrors({ 403: ['ROLE_REQUIRED'], 409: ['ENGINEER_ALREADY_REGISTERED'] })
  register(@CurrentUser() manager: AuthenticatedUser, @Body() body: RegisterEngineerDto): Promise<EngineerView> {
    return this.engineers.register(manager, body);
  }

  @Get()
  @ApiOkResponse({ type: EngineerPage })
  @ApiErrors({ 400: ['INVALID_CURSOR'], 403: ['ROLE_REQUIRED'] })
  list(@Query() query: PageQueryDto): Promise<Page<EngineerView>> {
    return this.engineers.list(query);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an engineer; deactivating one ends their access and sends their cases back to assignment' })
  @ApiParam({ name: 'id', type: String, description: 'The engineer’s user id (token `sub`), not a UUID' })
  @ApiOkResponse({ type: EngineerResponse })
  @ApiErrors({ 400: ['EMPTY_UPDATE'], 403: ['ROLE_REQUIRED'], 404: ['ENGINEER_NOT_FOUND'] })
  update(@CurrentUser() manager: AuthenticatedUser, @Param('id') engineerId: string, @Body() body: UpdateEngineerDto): Promise<EngineerView> {
    return this.engineers.update(manager, engineerId, body);
  }
}
