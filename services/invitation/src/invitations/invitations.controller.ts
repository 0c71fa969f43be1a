import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@support-hub/auth';
import { RateLimited, type Page } from '@support-hub/platform';
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
  @ApiCreatedResponse({ type: InvitationView })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateInvitationDto,
  ): Promise<InvitationView> {
    return this.invitations.create(user, id, body);
  }

  @Get('workspaces/:id/invitations')
  @ApiOkResponse({ type: InvitationPage })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: InvitationListQuery,
  ): Promise<Page<InvitationView>> {
    return this.invitations.list(user, id, query);
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @RateLimited()
  @ApiOperation({ summary: 'Accept an invitation with the token from its email (signed in with the invited address)' })
  @ApiOkResponse({ type: AcceptedInvitationView })
  accept(@CurrentUser() user: AuthenticatedUser, @Body() body: AcceptInvitationDto): Promise<AcceptedInvitationView> {
    return this.invitations.accept(user, body.token);
  }

  @Post('invitations/:id/resend')
  @HttpCode(200)
  @RateLimited()
  @ApiOperation({ summary: 'Send the invitation again with a new token (the old link stops working)' })
  @ApiOkResponse({ type: InvitationView })
  resend(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<InvitationView> {
    return this.invitations.resend(user, id);
  }

  @Delete('invitations/:id')
  @ApiOperation({ summary: 'Revoke a pending invitation' })
  @ApiOkResponse({ type: InvitationView })
  revoke(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<InvitationView> {
    return this.invitations.revoke(user, id);
  }
}
