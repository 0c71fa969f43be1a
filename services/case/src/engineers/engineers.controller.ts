import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import { PageQueryDto, type Page } from '@support-hub/platform';
import { RegisterEngineerDto } from './dto/register-engineer.dto';
import { UpdateEngineerDto } from './dto/update-engineer.dto';
import type { EngineerView } from './engineer.view';
import { EngineersService } from './engineers.service';

@ApiTags('engineers')
@ApiBearerAuth()
@Roles('support-manager')
@Controller('engineers')
export class EngineersController {
  constructor(private readonly engineers: EngineersService) {}

  @Post()
  register(@Body() body: RegisterEngineerDto): Promise<EngineerView> {
    return this.engineers.register(body);
  }

  @Get()
  list(@Query() query: PageQueryDto): Promise<Page<EngineerView>> {
    return this.engineers.list(query);
  }

  @Patch(':id')
  update(@CurrentUser() manager: AuthenticatedUser, @Param('id') engineerId: string, @Body() body: UpdateEngineerDto): Promise<EngineerView> {
    return this.engineers.update(manager, engineerId, body);
  }
}
