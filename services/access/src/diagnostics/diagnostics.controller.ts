import { All, Controller, Get, HttpException, HttpStatus, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUser } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, ApiUuidParams, NotFoundError, PageQueryDto, type Page } from '@support-hub/platform';
import { DirectoryAuditPage, SignInPage } from './diagnostic-record.response';
import { DiagnosticsService } from './diagnostics.service';
import type { DiagnosticRecord } from './sample-diagnostics';

@ApiTags('diagnostics')
@ApiBearerAuth()
@ApiUuidParams('tenantId')
@ApiErrors({ 400: ['INVALID_CURSOR'], 403: ['SUPPORT_ENGINEER_REQUIRED', 'ACCESS_NOT_GRANTED', 'PERSONAL_ACCOUNT_NO_DIAGNOSTICS'] })
@Controller('tenants/:tenantId/diagnostics')
export class DiagnosticsController {
  constructor(private readonly diagnostics: DiagnosticsService) {}

  @Get('sign-ins')
  @ApiOkResponse({ type: SignInPage })
  signIns(@CurrentUser() user: AuthenticatedUser, @Param('tenantId') tenantId: string, @Query() query: PageQueryDto): Promise<Page<DiagnosticRecord>> {
    return this.diagnostics.read(user, tenantId, 'sign-ins', query);
  }

  @Get('audit-logs')
  @ApiOkResponse({ type: DirectoryAuditPage })
  auditLogs(@CurrentUser() user: AuthenticatedUser, @Param('tenantId') tenantId: string, @Query() query: PageQueryDto): Promise<Page<DiagnosticRecord>> {
    return this.diagnostics.read(user, tenantId, 'audit-logs', query);
  }

  /**
   * Diagnostic data is read-only: any write is 405, whatever the body. Not in the OpenAPI
   * document: it is a refusal, not an operation, and `@All` would list methods OpenAPI lacks.
   */
  @All(['', '*'])
  @ApiExcludeEndpoint()
  refuseWrites(@Req() request: FastifyRequest): never {
    if (request.method === 'GET' || request.method === 'HEAD') throw new NotFoundError('Diagnostic data set', 'DIAGNOSTIC_SET_NOT_FOUND');
    throw new HttpException({ code: 'METHOD_NOT_ALLOWED', message: 'Diagnostic data is read-only' }, HttpStatus.METHOD_NOT_ALLOWED);
  }
}
