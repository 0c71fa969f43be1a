import { All, Controller, Get, HttpException, HttpStatus, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import { NotFoundError, PageQueryDto, type Page } from '@support-hub/platform';
import { DiagnosticsService } from './diagnostics.service';
import type { DiagnosticRecord } from './sample-diagnostics';

@ApiTags('diagnostics')
@ApiBearerAuth()
@Controller('tenants/:tenantId/diagnostics')
export class DiagnosticsController {
  constructor(private readonly diagnostics: DiagnosticsService) {}

  @Get('sign-ins')
  signIns(@CurrentUser() user: AuthenticatedUser, @Param('tenantId') tenantId: string, @Query() query: PageQueryDto): Promise<Page<DiagnosticRecord>> {
    return this.diagnostics.read(user, tenantId, 'sign-ins', query);
  }

  @Get('audit-logs')
  auditLogs(@CurrentUser() user: AuthenticatedUser, @Param('tenantId') tenantId: string, @Query() query: PageQueryDto): Promise<Page<DiagnosticRecord>> {
    return this.diagnostics.read(user, tenantId, 'audit-logs', query);
  }

  /** Diagnostic data is read-only: any write is 405, whatever the body. */
  @All(['', '*'])
  refuseWrites(@Req() request: FastifyRequest): never {
    if (request.method === 'GET' || request.method === 'HEAD') throw new NotFoundError('Diagnostic data set', 'DIAGNOSTIC_SET_NOT_FOUND');
    throw new HttpException({ code: 'METHOD_NOT_ALLOWED', message: 'Diagnostic data is read-only' }, HttpStatus.METHOD_NOT_ALLOWED);
  }
}
