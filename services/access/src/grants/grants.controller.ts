import { Controller, Delete, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import type { Page } from '@support-hub/platform';
import { AccessCheckQueryDto } from './dto/access-check.query';
import { ListGrantsQueryDto } from './dto/list-grants.query';
import type { AccessCheckView, GrantView } from './grant.view';
import { GrantsService } from './grants.service';

@ApiTags('access grants')
@ApiBearerAuth()
@Controller('access-grants')
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Get()
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListGrantsQueryDto): Promise<Page<GrantView>> {
    return this.grants.list(user, query);
  }

  /** May the caller read the tenant's diagnostic data now? `{allowed, basis?, grantId?, expiresAt?}`. */
  @Get('check')
  check(@CurrentUser() user: AuthenticatedUser, @Query() query: AccessCheckQueryDto): AccessCheckView | Promise<AccessCheckView> {
    return this.grants.check(user, query.tenantId);
  }

  @Delete(':id')
  remove(@CurrentUser() user: AuthenticatedUser, @Param('id') grantId: string): Promise<GrantView> {
    return this.grants.remove(user, grantId);
  }
}
