import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@support-hub/auth';
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
  view(@CurrentUser() user: AuthenticatedUser, @Query() query: ActivityQueryDto): Promise<ActivityView> {
    return this.activity.view(user, query.workspaces);
  }
}
