import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ClientSession } from 'mongoose';
import { AuditRepository } from './audit.repository';
import type { AuditAction, AuditRecord } from './audit.schema';

export { SYSTEM_ACTOR } from './system-actor';

export interface AuditEntry {
  /** Every tenant the entry concerns gets its own record (duplicates collapse). */
  tenantIds: string[];
  at: Date;
  actorId: string;
  action: AuditAction;
  reason?: string | null;
  caseId?: string | null;
  requestId?: string | null;
  grantId?: string | null;
  details?: AuditRecord['details'];
}

/** Writes audit records, in the caller's transaction when there is one, so an action and its record commit together. */
@Injectable()
export class AuditTrail {
  constructor(private readonly repository: AuditRepository) {}

  async record(entries: AuditEntry[], session?: ClientSession): Promise<void> {
    const records = entries.flatMap((entry) =>
      [...new Set(entry.tenantIds)].map(
        (tenantId): AuditRecord => ({
          _id: randomUUID(),
          tenantId,
          at: entry.at,
          actorId: entry.actorId,
          action: entry.action,
          reason: entry.reason ?? null,
          caseId: entry.caseId ?? null,
          requestId: entry.requestId ?? null,
          grantId: entry.grantId ?? null,
          details: entry.details ?? {},
        }),
      ),
    );
    await this.repository.append(records, session);
  }
}
