import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import type { Page } from '@support-hub/platform';
import type { AccessRequestView } from './access-request.view';
import { AccessRequestsService } from './access-requests.service';
import { CreateAccessRequestDto } from './dto/create-access-request.dto';
import { ListAccessRequestsQueryDto } from './dto/list-access-requests.query';
import { ApproveAccessRequestDto } from './dto/approve-access-request.dto';
import { RejectAccessRequestDto } from './dto/reject-access-request.dto';

@ApiTags('access requests')
@ApiBearerAuth()
@Controller('access-requests')
export class AccessRequestsController {
  constructor(private readonly requests: AccessRequestsService) {}

  @Post()
  @Roles('support-engineer')
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateAccessRequestDto): Promise<AccessRequestView> {
    return this.requests.create(user, body);
  }

  /** With `tenantId`: the tenant's requests, for its admins. Without: the requests the caller filed. */
  @Get()
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListAccessRequestsQueryDto): Promise<Page<AccessRequestView>> {
    return this.requests.list(user, query);
  }

  @Get(':id')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') requestId: string): Promise<AccessRequestView> {
    return this.requests.get(user, requestId);
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentUser() user: AuthenticatedUser, @Param('id') requestId: string, @Body() body: ApproveAccessRequestDto): Promise<AccessRequestView> {
    return this.requests.approve(user, requestId, body.durationHours);
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentUser() user: AuthenticatedUser, @Param('id') requestId: string, @Body() body: RejectAccessRequestDto): Promise<AccessRequestView> {
    return this.requests.reject(user, requestId, body.reason);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id') requestId: string): Promise<AccessRequestView> {
    return this.requests.cancel(user, requestId);
  }
}
