import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { AuthenticatedUser } from '@support-hub/auth';
import { Clock, RateLimitBudget } from '@support-hub/platform';
import { LRUCache } from 'lru-cache';
import { AuditTrail } from '../audit/audit.trail';
import { TENANT_ID_PATTERN } from '../tenancy/tenant-id';
import type { DiagnosticSet } from './sample-diagnostics';

/** Why a read was refused, as the audit record says it. */
export const REFUSAL_REASONS = {
  notGranted: 'no live access grant or consent for this caller',
  notSupportEngineer: 'the caller is not a support engineer of the vendor tenant',
} as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[keyof typeof REFUSAL_REASONS];
/** A client retrying a refused read (a poll, a reload) leaves one record per minute, not one per request. */
const ONE_RECORD_PER_MS = 60_000;
const REFUSALS_REMEMBERED = 10_000;

/**
 * Records refused diagnostic reads in the tenant's audit trail, who tried what and why, without
 * letting the refusal wait for the database or a caller grow the trail without bound:
 * - each caller may be refused RATE_LIMIT_PER_MINUTE times a minute; beyond, 429 and no record;
 * - one record per caller, tenant and data set a minute; repeats inside the minute add nothing;
 * - the record is written after the 403 is answered (a refusal lost to a crash in that instant
 *   is the price; a granted read, by contrast, is recorded before its data leaves).
 */
@Injectable()
export class RefusedReadsAudit implements OnModuleDestroy {
  private readonly logger = new Logger(RefusedReadsAudit.name);
  /** When each (caller, tenant, set) was last recorded; the oldest are forgotten first. */
  private readonly lastRecorded = new LRUCache<string, number>({ max: REFUSALS_REMEMBERED });
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly budget: RateLimitBudget,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** Counts the refusal against the caller (429 when over the budget) and records it unless it is a repeat. */
  async refused(user: AuthenticatedUser, tenantId: string, set: DiagnosticSet, reason: RefusalReason): Promise<void> {
    await this.budget.spend('refused diagnostic reads', user);
    // A path segment that is no tenant id is nobody's data: no admin could ever read its record.
    if (!TENANT_ID_PATTERN.test(tenantId)) return;
    const at = this.clock.now();
    const key = JSON.stringify([user.tenantId, user.id, tenantId, set]);
    const last = this.lastRecorded.get(key);
    if (last !== undefined && at.getTime() - last < ONE_RECORD_PER_MS) return;
    this.lastRecorded.set(key, at.getTime());
    this.track(
      this.audit.record([
        {
          tenantIds: [tenantId],
          at,
          actorId: user.id,
          action: 'diagnostics.read-refused',
          reason,
          details: { dataset: set, actorTenantId: user.tenantId },
        },
      ]),
    );
  }

  /** Shutdown waits for the records still being written, before the database connection closes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.writing);
  }

  private track(write: Promise<void>): void {
    const settled: Promise<void> = write
      .catch((error: unknown) => this.logger.error(`a refused diagnostic read was not recorded: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.writing.delete(settled));
    this.writing.add(settled);
  }
}
