import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@support-hub/auth';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock, decodeTimeCursor, DEFAULT_PAGE_SIZE, type Page, toPage } from '@support-hub/platform';
import { ManageSupportAccessRequiredError } from '../tenancy/tenancy.errors';
import { requireSupportAccessAdminOf } from '../tenancy/tenant-admin';
import type { ListGrantsQueryDto } from './dto/list-grants.query';
import { isLive, type LiveGrant } from './grant';
import { GrantLifecycle } from './grant-lifecycle.service';
import { toGrantView, type AccessCheckView, type GrantView } from './grant.view';
import { GrantNotActiveError, GrantNotFoundError } from './grants.errors';
import { LiveGrantIndex } from './live-grant.index';
import { GrantsRepository } from './grants.repository';

@Injectable()
export class GrantsService {
  constructor(
    private readonly grants: GrantsRepository,
    private readonly lifecycle: GrantLifecycle,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly liveGrants: LiveGrantIndex,
  ) {}

  /** The hot path: may the caller read this tenant's diagnostic data now? */
  check(user: AuthenticatedUser, tenantId: string): AccessCheckView | Promise<AccessCheckView> {
    // The same answer a diagnostic read would give: no support-engineer role, no access.
    if (!user.hasRole('support-engineer')) return accessCheckViewOf(null);
    const live = this.liveGrant(user.id, tenantId);
    return live instanceof Promise ? live.then(accessCheckViewOf) : accessCheckViewOf(live);
  }

  /**
   * A grant the index holds is answered from memory, without a promise (each costs the request
   * an async-context hook). No grant in the index is asked of the database: a grant another
   * replica has just issued is in force here the moment it commits, not when its broadcast
   * arrives (a miss costs one indexed read; revocation stays fail-closed, see isWithdrawn).
   */
  liveGrant(engineerId: string, tenantId: string): LiveGrant | null | Promise<LiveGrant | null> {
    const now = this.clock.now();
    return this.liveGrants.live(engineerId, tenantId, now) ?? this.liveFromDatabase(engineerId, tenantId, now);
  }

  /**
   * The database may still show a grant whose end is in progress, or one that ended while this
   * read was on its way: it counts as gone (fail closed).
   */
  private async liveFromDatabase(engineerId: string, tenantId: string, now: Date): Promise<LiveGrant | null> {
    const mark = this.liveGrants.readMark();
    const grant = await this.grants.findLive(engineerId, tenantId, now);
    return grant && !this.liveGrants.isWithdrawn({ ...grant, engineerId }, mark) ? grant : null;
  }

  /**
   * Grants are visible only to admins of the resource tenant (and to the engineer holding them);
   * statuses are as of now, whether or not the sweep has recorded an expiry.
   */
  async list(user: AuthenticatedUser, query: ListGrantsQueryDto): Promise<Page<GrantView>> {
    if (query.tenantId) requireSupportAccessAdminOf(user, query.tenantId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeTimeCursor(query.cursor);
    const now = this.clock.now();
    const rows = query.tenantId
      ? await this.grants.listForTenant(query.tenantId, query, now, after, limit + 1)
      : user.hasRole('support-engineer')
        ? await this.grants.listForEngineer(user.id, query, now, after, limit + 1)
        : []; // grants are held by support engineers only
    return toPage(rows, limit, (row) => ({ sortKey: row.grantedAt.toISOString(), id: row._id }), (row) => toGrantView(row, now));
  }

  /** An admin of the resource tenant ends the access at once. */
  async remove(user: AuthenticatedUser, grantId: string): Promise<GrantView> {
    const grant = await this.grants.findById(grantId);
    if (!grant) throw new GrantNotFoundError();
    if (user.tenantId !== grant.tenantId) {
      if (user.actsAs('support-engineer', grant.engineerId)) throw new ManageSupportAccessRequiredError();
      throw new GrantNotFoundError();
    }
    if (!user.canManageSupportAccessOf(grant.tenantId)) throw new ManageSupportAccessRequiredError();
    await this.tx.run(async (session) => {
      const current = await this.grants.findById(grantId, session);
      const now = this.clock.now();
      if (!current || !isLive(current, now)) throw new GrantNotActiveError();
      await this.lifecycle.end(current, 'removed', now, user.id, session);
    });
    return toGrantView((await this.grants.findById(grantId))!, this.clock.now());
  }
}

/**
 * The ISO form of each grant's expiry, made once (it was ~1% of a check): the index answers every
 * check with the same Date instance of the grant's row until the row is replaced.
 */
const isoExpiries = new WeakMap<Date, string>();

function accessCheckViewOf(live: LiveGrant | null): AccessCheckView {
  if (!live) return { allowed: false };
  let expiresAt = isoExpiries.get(live.expiresAt);
  if (expiresAt === undefined) isoExpiries.set(live.expiresAt, (expiresAt = live.expiresAt.toISOString()));
  return { allowed: true, basis: live.basis, grantId: live._id, expiresAt };
}
