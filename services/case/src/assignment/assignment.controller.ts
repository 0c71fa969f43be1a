import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, ApiUuidParams } from '@support-hub/platform';
import { CaseResponse } from '../cases/case.response';
import type { CaseView } from '../cases/case.view';
import { AssignmentService } from './assignment.service';
import { AssignCaseDto } from './dto/assign-case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Roles('support-manager')
@Controller('cases')
export class AssignmentController {
  constructor(private readonly assignment: AssignmentService) {}

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reassign an open case to an active engineer (support managers): the previous engineer’s access ends' })
  @ApiUuidParams('id')
  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors({ 403: ['ROLE_REQUIRED'], 404: ['CASE_NOT_FOUND', 'ENGINEER_NOT_FOUND'], 409: ['CASE_CLOSED', 'CASE_ALREADY_ASSIGNED', 'ENGINEER_INACTIVE', 'CONCURRENT_UPDATE'] })
  assign(@CurrentUser() manager: AuthenticatedUser, @Param('id', ParseUUIDPipe) caseId: string, @Body() body: AssignCaseDto): Promise<CaseView> {
    return this.assignment.assignByManager(manager, caseId, body.engineerId);
  }
}
