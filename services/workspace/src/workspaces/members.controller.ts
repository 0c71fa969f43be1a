import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, ApiUuidParams, PageQueryDto, type Page } from '@support-hub/platform';
import { MemberPage, MemberParams, MemberView, UpdateMemberDto } from './dto/member.dto';
import { MembersService } from './members.service';

@ApiTags('members')
@ApiBearerAuth()
@ApiUuidParams('id')
@Controller('workspaces/:id/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: 'Members of a workspace (visible to its members and its CSAM/AC)' })
  @ApiOkResponse({ type: MemberPage })
  @ApiErrors({ 400: ['INVALID_CURSOR'], 403: ['PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['WORKSPACE_NOT_FOUND'] })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<MemberView>> {
    return this.members.list(user, id, query);
  }

  @Patch(':userId')
  @ApiOperation({ summary: "Change a member's role or permissions (workspace admins, CSAM/AC)" })
  @ApiOkResponse({ type: MemberView })
  @ApiErrors({ 403: ['WORKSPACE_ADMIN_REQUIRED', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['WORKSPACE_NOT_FOUND', 'MEMBER_NOT_FOUND'], 409: ['LAST_ADMIN'] })
  update(@CurrentUser() user: AuthenticatedUser, @Param() params: MemberParams, @Body() body: UpdateMemberDto): Promise<MemberView> {
    return this.members.update(user, params.id, params.userId, body);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (workspace admins, CSAM/AC) or leave; the last admin stays' })
  @ApiNoContentResponse()
  @ApiErrors({ 403: ['WORKSPACE_ADMIN_REQUIRED', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['WORKSPACE_NOT_FOUND', 'MEMBER_NOT_FOUND'], 409: ['LAST_ADMIN'] })
  async remove(@CurrentUser() user: AuthenticatedUser, @Param() params: MemberParams): Promise<void> {
    await this.members.remove(user, params.id, params.userId);
  }
}
