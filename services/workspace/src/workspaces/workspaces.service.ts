import { Injectable } from '@nestjs/common';
import { managedByConditions, managerRoleOf, personalAccountSuspended, type AuthenticatedUser } from '@support-hub/auth';
import { Outbox } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock, decodeCursor, DEFAULT_PAGE_SIZE, PageQueryDto, toPage, type Page } from '@support-hub/platform';
import { isExpired } from '../contracts/contract';
import { ContractsRepository } from '../contracts/contracts.repository';
import { ContractExpiredError, ContractManagerRequiredError } from '../contracts/contracts.errors';
import type { AddServicesDto } from './dto/add-services.dto';
import type { ChangeSettingsDto } from './dto/change-settings.dto';
import { WorkspaceView } from './dto/workspace.view';
import { MembersRepository } from './members.repository';
import { changePersonalAccountPolicy, servicesToAdd } from './workspace';
import { WorkspaceAccessPolicy } from './workspace-access';
import { workspaceSettingsChanged } from './workspace.events';
import { WorkspacesRepository } from './workspaces.repository';
import { WorkspaceNotFoundError } from './workspaces.errors';

@Injectable()
export class WorkspacesService {
  constructor(
    private readonly workspaces: WorkspacesRepository,
    private readonly contracts: ContractsRepository,
    private readonly members: MembersRepository,
    private readonly access: WorkspaceAccessPolicy,
    private readonly tx: TransactionRunner,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /**
   * The caller's workspaces: those they are a member of and those of the contracts they manage.
   * A workspace that suspends the caller's Personal account is still listed, marked, so they learn why.
   */
  async listMine(user: AuthenticatedUser, query: PageQueryDto): Promise<Page<WorkspaceView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const memberships = await this.members.findOfUser(user.id);
    const roleOf = new Map(memberships.map((membership) => [membership.workspaceId, membership.role]));
    const rows = await this.workspaces.findVisible(
      [...roleOf.keys()],
      managedByConditions(user),
      decodeCursor(query.cursor),
      limit + 1,
    );
    return toPage(
      rows,
      limit,
      (row) => ({ sortKey: row.createdAt.toISOString(), id: row._id }),
      (row) => WorkspaceView.of(row, roleOf.get(row._id) ?? managerRoleOf(user, row) ?? undefined, personalAccountSuspended(user.tenantId, row)),
    );
  }

  async get(user: AuthenticatedUser, id: string): Promise<WorkspaceView> {
    const access = await this.access.require(user, id);
    return WorkspaceView.of(access.workspace, access.role);
  }

  /**
   * The Personal-account policy. Premier: always on. Unified: CSAM/AC turn it on or off;
   * turning it off suspends the Personal members (they stay members and are listed as suspended,
   * but cannot use the workspace anywhere) and turning it on restores them.
   */
  async changeSettings(user: AuthenticatedUser, id: string, dto: ChangeSettingsDto): Promise<WorkspaceView> {
    const access = await this.access.require(user, id);
    if (!access.isManager) throw new ContractManagerRequiredError('change the Personal-account policy of a workspace');
    const change = changePersonalAccountPolicy(access.workspace, dto.allowPersonalAccounts);
    if (!change) return WorkspaceView.of(access.workspace, access.role);
    const changed = await this.tx.run(async (session) => {
      const updated = await this.workspaces.bumpRevision(id, session, change);
      if (!updated) throw new WorkspaceNotFoundError();
      await this.outbox.record([workspaceSettingsChanged(updated)], session);
      return updated;
    });
    return WorkspaceView.of(changed, access.role);
  }

  /** CSAM/AC add services the contract purchased, during its term; adding one already there changes nothing. */
  async addServices(user: AuthenticatedUser, id: string, dto: AddServicesDto): Promise<WorkspaceView> {
    const access = await this.access.require(user, id);
    if (!access.isManager) throw new ContractManagerRequiredError('add services to a workspace');
    const contract = await this.contracts.findById(access.workspace.contractId);
    if (contract && isExpired(contract, this.clock.now())) throw new ContractExpiredError();
    const added = servicesToAdd(access.workspace, contract?.services ?? [], dto.services);
    if (added.length === 0) return WorkspaceView.of(access.workspace, access.role);
    const changed = await this.tx.run(async (session) => {
      const updated = await this.workspaces.bumpRevision(id, session, { addServices: added });
      if (!updated) throw new WorkspaceNotFoundError();
      await this.outbox.record([workspaceSettingsChanged(updated)], session);
      return updated;
    });
    return WorkspaceView.of(changed, access.role);
  }
}
