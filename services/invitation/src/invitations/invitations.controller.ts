import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, ApiUuidParams, RateLimited, type Page } from '@support-hub/platform';
import {
  AcceptedInvitationView,
  AcceptInvitationDto,
  CreateInvitationDto,
  InvitationListQuery,
  InvitationPage,
  InvitationView,
} from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('invitations')
@ApiBearerAuth()
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('workspaces/:id/invitations')
  @RateLimited()
  @ApiOperation({ summary: 'Invite an email address to a workspace (its admins, the contract CSAM/AC)' })
  @ApiUuidParams('id')
  @ApiCreatedResponse({ type: InvitationView })
  @ApiErrors({ 403: ['WORKSPACE_ADMIN_REQUIRED', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['WORKSPACE_NOT_FOUND'], 409: ['INVITATION_ALREADY_PENDING', 'ALREADY_MEMBER'] })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: CreateInvitationDto,
  ): Promise<InvitationView> {
    return this.invitations.create(user, id, body);
  }

  @Get('workspaces/:id/invitations')
  @ApiUuidParams('id')
  @ApiOkResponse({ type: InvitationPage })
  @ApiErrors({ 400: ['INVALID_CURSOR'], 403: ['WORKSPACE_ADMIN_REQUIRED', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['WORKSPACE_NOT_FOUND'] })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: InvitationListQuery,
  ): Promise<Page<InvitationView>> {
    return this.invitations.list(user, id, query);
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @RateLimited()
  @ApiOperation({ summary: 'Accept an invitation with the token from its email (signed in with the invited address)' })
  @ApiOkResponse({ type: AcceptedInvitationView })
  @ApiErrors({
    403: ['INVITATION_EMAIL_MISMATCH', 'PERSONAL_ACCOUNT_NOT_ALLOWED'],
    404: ['INVITATION_NOT_FOUND'],
    409: ['INVITATION_ALREADY_USED'],
    410: ['INVITATION_EXPIRED', 'INVITATION_REVOKED'],
  })
  accept(@CurrentUser() user: AuthenticatedUser, @Body() body: AcceptInvitationDto): Promise<AcceptedInvitationView> {
    return this.invitations.accept(user, body.token);
  }

  @Post('invitations/:id/resend')
  @HttpCode(200)
  @RateLimited()
  @ApiOperation({ summary: 'Send the invitation again with a new token (the old link stops working)' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: InvitationView })
  @ApiErrors({ 403: ['WORKSPACE_ADMIN_REQUIRED', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['INVITATION_NOT_FOUND'], 409: ['INVITATION_ALREADY_USED'], 410: ['INVITATION_EXPIRED', 'INVITATION_REVOKED'] })
  resend(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<InvitationView> {
    return this.invitations.resend(user, id);
  }

  @Delete('invitations/:id')
  @ApiOperation({ summary: 'Revoke a pending invitation' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: InvitationView })
  @ApiErrors({ 403: ['WORKSPACE_ADMIN_REQUIRED', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['INVITATION_NOT_FOUND'], 409: ['INVITATION_ALREADY_REVOKED', 'INVITATION_ALREADY_USED'], 410: ['INVITATION_EXPIRED'] })
  revoke(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<InvitationView> {
    return this.invitations.revoke(user, id);
  }
}
