import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@support-hub/auth';
import type { AuthenticatedUser } from '@support-hub/auth';
import type { Page } from '@support-hub/platform';
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
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: AuditQueryDto): Promise<Page<AuditRecordView>> {
    return this.audit.listForTenant(user, query);
  }
}
