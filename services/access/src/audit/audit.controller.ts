import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import { ApiErrors, type Page } from '@support-hub/platform';
import { AuditRecordPage } from './audit.response';
import { AuditService } from './audit.service';
import type { AuditRecordView } from './audit.view';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The tenant's audit trail, newest first, for admins holding the support-access permission there. */
  @Get()
  @ApiOkResponse({ type: AuditRecordPage })
  @ApiErrors({ 400: ['INVALID_CURSOR'], 403: ['MANAGE_SUPPORT_ACCESS_REQUIRED'], 404: ['TENANT_NOT_FOUND'] })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: AuditQueryDto): Promise<Page<AuditRecordView>> {
    return this.audit.listForTenant(user, query);
  }
}
