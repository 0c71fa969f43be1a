import { Inject, Injectable } from '@nestjs/common';
import { managedByConditions, type AuthenticatedUser } from '@support-hub/auth';
import type { EventEnvelope, EventType } from '@support-hub/contracts';
import { APP_CONFIG, Clock } from '@support-hub/platform';
import type { WorkspaceConfig } from '../config/workspace.config';
import { accountTeamOf, daysRemaining, effectiveStatus, type ContractRecord } from '../contracts/contract';
import { ContractsRepository } from '../contracts/contracts.repository';
import { MembersRepository } from '../workspaces/members.repository';
import { WorkspaceAccess, WorkspaceAccessPolicy } from '../workspaces/workspace-access';
import { WorkspacesRepository } from '../workspaces/workspaces.repository';
import { ActivityPermissionRequiredError, TooManyWorkspacesError } from './activity.errors';
import { ActivityRepository, newestFirst, type ActivityScope, type CaseCountRow } from './activity.repository';
import type { ActivityEntryRecord } from './activity.schema';
import { accessSummary, caseSummary } from './activity-summary';
import type { ActivityEntryView, ActivityView, CaseCounts, ContractAspectsView, WorkspaceActivityView } from './dto/activity.dto';

type CaseEventType = Extract<EventType, `case.${string}`>;
type AccessEventType = Extract<EventType, `access.${string}`>;

export const MAX_SELECTED_WORKSPACES = 50;
/** "all" for a CSAM with a very large book: the view covers this many workspaces at most. */
const MAX_ALL_WORKSPACES = 500;

/**
 * Customer Activity: a read model of other services' facts (case.*, access.*), kept here so the
 * page never calls another service. Visible to workspace admins, the contract's CSAM/AC, and
 * members given the `customerActivity` permission.
 */
@Injectable()
export class ActivityService {
  constructor(
    private readonly activity: ActivityRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly members: MembersRepository,
    private readonly contracts: ContractsRepository,
    private readonly access: WorkspaceAccessPolicy,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: WorkspaceConfig,
  ) {}

  async applyCaseEvent(event: EventEnvelope<CaseEventType>): Promise<void> {
    const { data } = event;
    const at = new Date(event.occurredAt);
    await this.activity.storeCaseIfNewer({
      _id: data.caseId,
      workspaceId: data.workspaceId,
      status: data.status,
      severity: data.severity,
      productArea: data.productArea,
      title: null,
      revision: data.revision,
      updatedAt: at,
    });
    if (event.type === 'case.opened') await this.activity.setCaseTitle(data.caseId, (data as EventEnvelope<'case.opened'>['data']).title);
    await this.activity.addEntry({
      _id: event.id,
      workspaceId: data.workspaceId,
      type: event.type,
      at,
      caseId: data.caseId,
      summary: caseSummary(event),
      restrictedToTenant: null,
    });
  }

  async applyAccessEvent(event: EventEnvelope<AccessEventType>): Promise<void> {
    const at = new Date(event.occurredAt);
    if (event.type === 'access.granted') {
      const granted = (event as EventEnvelope<'access.granted'>).data;
      await this.activity.recordGrant({
        _id: granted.grantId,
        workspaceId: granted.workspaceId,
        caseId: granted.caseId,
        tenantId: granted.tenantId,
        status: 'active',
        expiresAt: new Date(granted.expiresAt),
      });
    }
    if (event.type === 'access.revoked') {
      const revoked = (event as EventEnvelope<'access.revoked'>).data;
      await this.activity.revokeGrant(
        { _id: revoked.grantId, workspaceId: revoked.workspaceId, caseId: revoked.caseId, tenantId: revoked.tenantId },
        new Date(revoked.revokedAt),
      );
    }
    const { workspaceId, caseId } = event.data;
    const grantTenant = event.type === 'access.granted' || event.type === 'access.revoked' ? (event.data as { tenantId: string }).tenantId : null;
    await this.activity.addEntry({ _id: event.id, workspaceId, type: event.type, at, caseId, summary: accessSummary(event), restrictedToTenant: grantTenant });
  }

  async view(user: AuthenticatedUser, selector = 'all'): Promise<ActivityView> {
    const scope = selector === 'all' ? 'all' : 'selected';
    const accesses = scope === 'all' ? await this.everyVisible(user) : await this.selected(user, selector.split(','));
    const ids = accesses.map((access) => access.workspace._id);
    const scopes: ActivityScope[] = accesses.map(({ workspace }) => ({ workspaceId: workspace._id, tenantId: workspace.customerTenantId }));
    const now = this.clock.now();
    const limit = this.config.ACTIVITY_RECENT_LIMIT;
    const [contracts, counts, grants, feeds] = await Promise.all([
      this.contracts.findByIds([...new Set(accesses.map((access) => access.workspace.contractId))]),
      this.activity.caseCounts(ids),
      this.activity.openGrantCounts(scopes, now),
      this.activity.recentEntriesByWorkspace(scopes, limit),
    ]);
    // The newest lines of all together are among each workspace's newest.
    const combinedFeed = newestFirst([...feeds.values()].flat()).slice(0, limit);
    const contractById = new Map(contracts.map((contract) => [contract._id, contract]));
    const countsOf = new Map<string, CaseCountRow[]>();
    for (const row of counts) {
      if (countsOf.has(row.workspaceId)) countsOf.get(row.workspaceId)!.push(row);
      else countsOf.set(row.workspaceId, [row]);
    }
    const workspaces: WorkspaceActivityView[] = accesses.map(({ workspace }) => ({
      id: workspace._id,
      name: workspace.name,
      isDefault: workspace.isDefault,
      contract: contractAspects(contractById.get(workspace.contractId)!, now),
      services: [...workspace.services],
      cases: caseCounts(countsOf.get(workspace._id) ?? []),
      openAccessGrants: grants.get(workspace._id) ?? 0,
      recentActivity: feeds.get(workspace._id)!.map(entryView),
    }));
    return {
      scope,
      workspaces,
      combined: {
        workspaceCount: workspaces.length,
        contracts: contracts.map((contract) => contractAspects(contract, now)),
        services: [...new Set(workspaces.flatMap((workspace) => workspace.services))].sort(),
        cases: caseCounts(counts),
        openAccessGrants: [...grants.values()].reduce((sum, count) => sum + count, 0),
        recentActivity: combinedFeed.map(entryView),
      },
    };
  }

  /** Each selected id must be a workspace the caller sees (else 404) and whose activity they may see (else 403). */
  private async selected(user: AuthenticatedUser, ids: string[]): Promise<WorkspaceAccess[]> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    if (unique.length > MAX_SELECTED_WORKSPACES) throw new TooManyWorkspacesError(MAX_SELECTED_WORKSPACES);
    const accesses: WorkspaceAccess[] = [];
    for (const id of unique) accesses.push(await this.access.require(user, id));
    if (accesses.some((access) => !access.canSeeActivity)) throw new ActivityPermissionRequiredError();
    return accesses;
  }

  private async everyVisible(user: AuthenticatedUser): Promise<WorkspaceAccess[]> {
    const memberships = await this.members.findOfUser(user.id);
    const [joined, managed] = await Promise.all([
      this.workspaces.findByIds(memberships.map((membership) => membership.workspaceId)),
      this.workspaces.findManaged(managedByConditions(user), MAX_ALL_WORKSPACES),
    ]);
    const membershipOf = new Map(memberships.map((membership) => [membership.workspaceId, membership]));
    const byId = new Map([...joined, ...managed].map((workspace) => [workspace._id, workspace]));
    return [...byId.values()]
      .map((workspace) => this.access.accessTo(user, workspace, membershipOf.get(workspace._id) ?? null))
      .filter((access): access is WorkspaceAccess => access !== null && !access.suspended && access.canSeeActivity)
      .slice(0, MAX_ALL_WORKSPACES);
  }
}

function caseCounts(rows: readonly CaseCountRow[]): CaseCounts {
  const counts: CaseCounts = { total: 0, open: 0, closed: 0, openBySeverity: { A: 0, B: 0, C: 0 }, closedBySeverity: { A: 0, B: 0, C: 0 } };
  for (const row of rows) {
    counts.total += row.count;
    counts[row.status] += row.count;
    (row.status === 'open' ? counts.openBySeverity : counts.closedBySeverity)[row.severity] += row.count;
  }
  return counts;
}

function contractAspects(contract: ContractRecord, now: Date): ContractAspectsView {
  return {
    id: contract._id,
    customerName: contract.customerName,
    type: contract.type,
    status: effectiveStatus(contract, now),
    startsAt: contract.startsAt.toISOString(),
    endsAt: contract.endsAt.toISOString(),
    daysRemaining: daysRemaining(contract, now),
    ...accountTeamOf(contract),
    supportContacts: contract.supportContacts.map(({ email, name }) => ({ email, name })),
    services: [...contract.services],
  };
}

function entryView(entry: ActivityEntryRecord): ActivityEntryView {
  return { id: entry._id, workspaceId: entry.workspaceId, type: entry.type, at: entry.at.toISOString(), caseId: entry.caseId, summary: entry.summary };
}
