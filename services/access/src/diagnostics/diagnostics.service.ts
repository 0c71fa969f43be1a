import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@support-hub/auth';
import { Clock, DEFAULT_PAGE_SIZE, DomainError, decodeCursor, toPage, type Page, type PageQueryDto } from '@support-hub/platform';
import { AuditTrail } from '../audit/audit.trail';
import { GrantsService } from '../grants/grants.service';
import { AccessNotGrantedError, SupportEngineerRequiredError } from './diagnostics.errors';
import { REFUSAL_REASONS, RefusedReadsAudit } from './refused-reads.audit';
import { sampleDiagnostics, type DiagnosticRecord, type DiagnosticSet } from './sample-diagnostics';

const CACHED_TENANTS = 500;

/**
 * Diagnostic reads: only by a support engineer (vendor role, vendor tenant) with a live grant
 * (request or consent) for the tenant, checked on every read against the clock; every read
 * that returns data is audited.
 */
@Injectable()
export class DiagnosticsService {
  // Generated once per tenant and set; the map is bounded (oldest entry out first).
  private readonly samples = new Map<string, DiagnosticRecord[]>();

  constructor(
    private readonly grants: GrantsService,
    private readonly audit: AuditTrail,
    private readonly refusals: RefusedReadsAudit,
    private readonly clock: Clock,
  ) {}

  async read(user: AuthenticatedUser, tenantId: string, set: DiagnosticSet, query: PageQueryDto): Promise<Page<DiagnosticRecord>> {
    // A grant names an engineer by id; the role says the token is that engineer's, from the vendor.
    if (!user.hasRole('support-engineer')) {
      await this.refusals.refused(user, tenantId, set, REFUSAL_REASONS.notSupportEngineer);
      throw new SupportEngineerRequiredError();
    }
    const grant = await this.grants.liveGrant(user.id, tenantId);
    if (!grant) {
      await this.refusals.refused(user, tenantId, set, REFUSAL_REASONS.notGranted);
      throw new AccessNotGrantedError();
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor);
    const records = this.samplesOf(tenantId, set);
    const start = after ? records.findIndex((record) => record.id === after.id) + 1 : 0;
    if (after && (start === 0 || after.sortKey !== set)) throw new DomainError('INVALID_CURSOR', 'cursor is not one this API returned', 'invalid');
    const page = toPage(records.slice(start, start + limit + 1), limit, (record) => ({ sortKey: set, id: record.id }), (record) => record);
    await this.audit.record([
      {
        tenantIds: [tenantId],
        at: this.clock.now(),
        actorId: user.id,
        action: 'diagnostics.read',
        reason: grant.basis === 'consent' ? 'consent on the case' : 'approved support access request',
        caseId: grant.caseId,
        grantId: grant._id,
        details: { dataset: set, records: page.items.length },
      },
    ]);
    return page;
  }

  private samplesOf(tenantId: string, set: DiagnosticSet): DiagnosticRecord[] {
    const key = `${set}:${tenantId}`;
    let records = this.samples.get(key);
    if (!records) {
      records = sampleDiagnostics(tenantId, set);
      if (this.samples.size >= CACHED_TENANTS) this.samples.delete(this.samples.keys().next().value!);
      this.samples.set(key, records);
    }
    return records;
  }
}
