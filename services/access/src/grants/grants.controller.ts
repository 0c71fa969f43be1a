import { Controller, Delete, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, ApiUuidParams, type Page } from '@support-hub/platform';
import { AccessCheckQueryDto } from './dto/access-check.query';
import { ListGrantsQueryDto } from './dto/list-grants.query';
import { AccessCheckResponse, GrantPage, GrantResponse } from './grant.response';
import type { AccessCheckView, GrantView } from './grant.view';
import { GrantsService } from './grants.service';

@ApiTags('access grants')
@ApiBearerAuth()
@Controller('access-grants')
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Get()
  @ApiOperation({ summary: 'Grants on a tenant, for the admins of that (resource) tenant' })
  @ApiOkResponse({ type: GrantPage })
  @ApiErrors({ 400: ['INVALID_CURSOR'], 403: ['MANAGE_SUPPORT_ACCESS_REQUIRED'], 404: ['TENANT_NOT_FOUND'] })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListGrantsQueryDto): Promise<Page<GrantView>> {
    return this.grants.list(user, query);
  }

  /** May the caller read the tenant's diagnostic data now? `{allowed, basis?, grantId?, expiresAt?}`. */
  @Get('check')
  @ApiOperation({ summary: 'May I read the tenant’s diagnostic data now, and on what basis?' })
  @ApiOkResponse({ type: AccessCheckResponse })
  check(@CurrentUser() user: AuthenticatedUser, @Query() query: AccessCheckQueryDto): AccessCheckView | Promise<AccessCheckView> {
    return this.grants.check(user, query.tenantId);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Remove a live grant (admins of its tenant); the engineer’s reads stop at once' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: GrantResponse })
  @ApiErrors({ 403: ['MANAGE_SUPPORT_ACCESS_REQUIRED'], 404: ['GRANT_NOT_FOUND'], 409: ['GRANT_NOT_ACTIVE'] })
  remove(@CurrentUser() user: AuthenticatedUser, @Param('id') grantId: string): Promise<GrantView> {
    return this.grants.remove(user, grantId);
  }
}
