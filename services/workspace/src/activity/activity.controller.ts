import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors } from '@support-hub/platform';
import { ActivityService } from './activity.service';
import { ActivityQueryDto, ActivityView } from './dto/activity.dto';

@ApiTags('activity')
@ApiBearerAuth()
@Controller('activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  @Get()
  @ApiOperation({ summary: 'Customer Activity of one, several or all of my workspaces' })
  @ApiOkResponse({ type: ActivityView })
  @ApiErrors({ 400: ['TOO_MANY_WORKSPACES'], 403: ['ACTIVITY_PERMISSION_REQUIRED', 'PERSONAL_ACCOUNT_NOT_ALLOWED'], 404: ['WORKSPACE_NOT_FOUND'] })
  view(@CurrentUser() user: AuthenticatedUser, @Query() query: ActivityQueryDto): Promise<ActivityView> {
    return this.activity.view(user, query.workspaces);
  }
}
