import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, ApiUuidParams, type Page } from '@support-hub/platform';
import { AccessRequestPage, AccessRequestResponse } from './access-request.response';
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
  @ApiOperation({ summary: 'Ask for access to a tenant of my case (its assigned engineer); the tenants’ admins approve' })
  @ApiCreatedResponse({ type: AccessRequestResponse })
  @ApiErrors({
    400: ['DURATION_EXCEEDS_CAP'],
    403: ['ROLE_REQUIRED', 'PERSONAL_ACCOUNT_NO_DIAGNOSTICS'],
    404: ['CASE_NOT_FOUND'],
    409: ['CONTRACT_EXPIRED', 'CASE_CLOSED', 'REQUEST_ALREADY_OPEN', 'ENGINEER_DEACTIVATED'],
    422: ['TENANT_NOT_IN_CASE'],
  })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateAccessRequestDto): Promise<AccessRequestView> {
    return this.requests.create(user, body);
  }

  /** With `tenantId`: the tenant's requests, for its admins. Without: the requests the caller filed. */
  @Get()
  @ApiOperation({ summary: 'With tenantId: the tenant’s requests, for its admins. Without: the requests I filed' })
  @ApiOkResponse({ type: AccessRequestPage })
  @ApiErrors({ 400: ['INVALID_CURSOR'], 403: ['MANAGE_SUPPORT_ACCESS_REQUIRED'], 404: ['TENANT_NOT_FOUND'] })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListAccessRequestsQueryDto): Promise<Page<AccessRequestView>> {
    return this.requests.list(user, query);
  }

  @Get(':id')
  @ApiUuidParams('id')
  @ApiOkResponse({ type: AccessRequestResponse })
  @ApiErrors({ 404: ['REQUEST_NOT_FOUND'] })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') requestId: string): Promise<AccessRequestView> {
    return this.requests.get(user, requestId);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve for my tenant (its admins), optionally for fewer hours; granted once every tenant of the request approved (the shortest approval applies)' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: AccessRequestResponse })
  @ApiErrors({
    403: ['MANAGE_SUPPORT_ACCESS_REQUIRED', 'SELF_APPROVAL_FORBIDDEN', 'PERSONAL_ACCOUNT_NO_DIAGNOSTICS'],
    404: ['REQUEST_NOT_FOUND'],
    400: ['DURATION_EXCEEDS_REQUESTED'],
    409: ['CONTRACT_EXPIRED', 'ALREADY_APPROVED', 'REQUEST_NOT_PENDING', 'REQUEST_EXPIRED', 'CASE_CLOSED', 'ENGINEER_NOT_ASSIGNED', 'ENGINEER_DEACTIVATED', 'CONCURRENT_UPDATE'],
  })
  approve(@CurrentUser() user: AuthenticatedUser, @Param('id') requestId: string, @Body() body: ApproveAccessRequestDto): Promise<AccessRequestView> {
    return this.requests.approve(user, requestId, body.durationHours);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject for my tenant (its admins), with an optional reason' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: AccessRequestResponse })
  @ApiErrors({
    403: ['MANAGE_SUPPORT_ACCESS_REQUIRED', 'SELF_APPROVAL_FORBIDDEN'],
    404: ['REQUEST_NOT_FOUND'],
    409: ['REQUEST_NOT_PENDING', 'REQUEST_EXPIRED', 'CASE_CLOSED', 'CONCURRENT_UPDATE'],
  })
  reject(@CurrentUser() user: AuthenticatedUser, @Param('id') requestId: string, @Body() body: RejectAccessRequestDto): Promise<AccessRequestView> {
    return this.requests.reject(user, requestId, body.reason);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw my pending request (the engineer who filed it)' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: AccessRequestResponse })
  @ApiErrors({ 403: ['REQUESTER_ONLY'], 404: ['REQUEST_NOT_FOUND'], 409: ['REQUEST_NOT_PENDING', 'REQUEST_EXPIRED', 'CONCURRENT_UPDATE'] })
  cancel(@CurrentUser() user: AuthenticatedUser, @Param('id') requestId: string): Promise<AccessRequestView> {
    return this.requests.cancel(user, requestId);
  }
}
