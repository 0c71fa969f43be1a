import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@support-hub/auth';
import { decodeTimeCursor, DEFAULT_PAGE_SIZE, type Page, toPage } from '@support-hub/platform';
import { requireSupportAccessAdminOf } from '../tenancy/tenant-admin';
import { AuditRepository } from './audit.repository';
import { toAuditRecordView, type AuditRecordView } from './audit.view';
import type { AuditQueryDto } from './dto/audit-query.dto';

@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  async listForTenant(user: AuthenticatedUser, query: AuditQueryDto): Promise<Page<AuditRecordView>> {
    requireSupportAccessAdminOf(user, query.tenantId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.repository.listForTenant(query.tenantId, decodeTimeCursor(query.cursor), limit + 1);
    return toPage(rows, limit, (row) => ({ sortKey: row.at.toISOString(), id: row._id }), toAuditRecordView);
  }
}
