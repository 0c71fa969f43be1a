import { keysetQuery } from '@support-hub/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model, QueryFilter } from 'mongoose';
import type { CursorPosition } from '@support-hub/platform';
import { AUDIT_RECORD, type AuditRecord } from './audit.schema';

/** Inserts and reads only: the trail is append-only. */
@Injectable()
export class AuditRepository {
  constructor(@Inject(AUDIT_RECORD) private readonly records: Model<AuditRecord>) {}

  async append(records: AuditRecord[], session?: ClientSession): Promise<void> {
    if (records.length === 0) return;
    await this.records.insertMany(records, { session, ordered: true });
  }

  listForTenant(tenantId: string, after: CursorPosition | null, limit: number): Promise<AuditRecord[]> {
    const { filter, sort } = keysetQuery<AuditRecord>({ tenantId }, 'at', 'newest-first', after);
    return this.records.find(filter).sort(sort).limit(limit).lean<AuditRecord[]>().exec();
  }
}
