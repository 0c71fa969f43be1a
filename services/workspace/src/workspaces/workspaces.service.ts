import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { managedByConditions, managerRoleOf, managesContract, type AuthenticatedUser } from '@support-hub/auth';
import { Outbox } from '@support-hub/messaging';
import { isDuplicateKey, TransactionRunner } from '@support-hub/persistence';
import { Clock, decodeCursor, DEFAULT_PAGE_SIZE, PageQueryDto, toPage, type Page } from '@support-hub/platform';
import { effectiveStatus } from '../contracts/contract-status';
import { ContractsRepository } from '../contracts/contracts.repository';
import { ContractManagerRequiredError, ContractNotActiveError, ContractNotFoundError } from '../contracts/contracts.errors';
import { MembersRepository } from '../members/members.repository';
import type { AddServicesDto } from './dto/add-services.dto';
import type { ChangeSettingsDto } from './dto/change-settings.dto';
import type { CreateWorkspaceDto } from './dto/create-workspace.dto';
import { WorkspaceView } from './dto/workspace.view';
import { newWorkspace } from './new-workspace';
import { WorkspaceAccessPolicy } from './workspace-access';
import { workspaceCreated, workspaceSettingsChanged } from './workspace-events';
import { WorkspacesRepository } from './workspaces.repository';
import { PersonalAccountsRequiredError, ServiceNotPurchasedError, WorkspaceNameTakenError, WorkspaceNotFoundError } from './workspaces.errors';

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

  /** CSAM/AC of the contract only, during its active term; the new admin is invited by email. */
  async createAdditional(user: AuthenticatedUser, contractId: string, dto: CreateWorkspaceDto): Promise<WorkspaceView> {
    const contract = await this.contracts.findById(contractId);
    if (!contract || !managesContract(user, contract)) throw new ContractNotFoundError();
    const now = this.clock.now();
    const status = effectiveStatus(contract, now);
    if (status !== 'active') throw new ContractNotActiveError(status);
    const workspace = newWorkspace(contract, {
      id: randomUUID(),
      name: dto.name.trim(),
      purpose: dto.purpose.trim(),
      isDefault: false,
      // Services are added one decision at a time by CSAM/AC (POST /workspaces/:id/services).
      services: [],
      createdBy: user.id,
      now,
    });
    try {
      await this.tx.run(async (session) => {
        await this.workspaces.insert(workspace, session);
        await this.outbox.record([workspaceCreated(workspace, [{ email: dto.adminEmail.toLowerCase(), role: 'admin' }])], session);
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw new WorkspaceNameTakenError(workspace.name);
      throw error;
    }
    return WorkspaceView.of(workspace, managerRoleOf(user, workspace) ?? undefined);
  }

  /** The caller's workspaces: those they are a member of and those of the contracts they manage. */
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
      (row) => WorkspaceView.of(row, roleOf.get(row._id) ?? managerRoleOf(user, row) ?? undefined),
    );
  }

  async get(user: AuthenticatedUser, id: string): Promise<WorkspaceView> {
    const access = await this.access.require(user, id);
    return WorkspaceView.of(access.workspace, access.role);
  }

  /**
   * The Personal-account policy. Premier: always on. Unified: CSAM/AC turn it on or off;
   * turning it off blocks new acceptances only (existing members stay).
   */
  async changeSettings(user: AuthenticatedUser, id: string, dto: ChangeSettingsDto): Promise<WorkspaceView> {
    const access = await this.access.require(user, id);
    if (!access.isManager) throw new ContractManagerRequiredError('change the Personal-account policy of a workspace');
    const { workspace } = access;
    if (workspace.contractType === 'premier' && !dto.allowPersonalAccounts) throw new PersonalAccountsRequiredError();
    if (workspace.allowPersonalAccounts === dto.allowPersonalAccounts) return WorkspaceView.of(workspace, access.role);
    const changed = await this.tx.run(async (session) => {
      const updated = await this.workspaces.bumpRevision(id, session, { allowPersonalAccounts: dto.allowPersonalAccounts });
      if (!updated) throw new WorkspaceNotFoundError();
      await this.outbox.record([workspaceSettingsChanged(updated)], session);
      return updated;
    });
    return WorkspaceView.of(changed, access.role);
  }

  /** CSAM/AC add services the contract purchased; adding one already there changes nothing. */
  async addServices(user: AuthenticatedUser, id: string, dto: AddServicesDto): Promise<WorkspaceView> {
    const access = await this.access.require(user, id);
    if (!access.isManager) throw new ContractManagerRequiredError('add services to a workspace');
    const contract = await this.contracts.findById(access.workspace.contractId);
    const purchased = new Set(contract?.services ?? []);
    const notPurchased = dto.services.filter((service) => !purchased.has(service));
    if (notPurchased.length > 0) throw new ServiceNotPurchasedError(notPurchased);
    const added = [...new Set(dto.services)].filter((service) => !access.workspace.services.includes(service));
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
