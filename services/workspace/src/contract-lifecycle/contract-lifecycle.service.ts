import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { managerRoleOf, type AuthenticatedUser } from '@support-hub/auth';
import { Outbox } from '@support-hub/messaging';
import { isDuplicateKey, TransactionRunner } from '@support-hub/persistence';
import { Clock } from '@support-hub/platform';
import { activate, defaultWorkspaceInvitations, effectiveStatus } from '../contracts/contract';
import { contractActivated } from '../contracts/contract.events';
import { ContractsRepository } from '../contracts/contracts.repository';
import { ContractsService } from '../contracts/contracts.service';
import { ContractExpiredError, ContractNotActiveError } from '../contracts/contracts.errors';
import { ContractView } from '../contracts/dto/contract.view';
import type { CreateWorkspaceDto } from '../workspaces/dto/create-workspace.dto';
import { WorkspaceView } from '../workspaces/dto/workspace.view';
import { DEFAULT_WORKSPACE_NAME, newWorkspace } from '../workspaces/workspace';
import { workspaceCreated } from '../workspaces/workspace.events';
import { WorkspacesRepository } from '../workspaces/workspaces.repository';
import { WorkspaceNameTakenError } from '../workspaces/workspaces.errors';

/**
 * What a contract's life does to its workspaces: activation creates the default workspace,
 * CSAM/AC add workspaces during the term. It depends on both contracts and workspaces, and
 * neither of them on it.
 */
@Injectable()
export class ContractLifecycleService {
  private readonly logger = new Logger(ContractLifecycleService.name);

  constructor(
    private readonly contracts: ContractsRepository,
    private readonly contractsService: ContractsService,
    private readonly workspaces: WorkspacesRepository,
    private readonly tx: TransactionRunner,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** Explicit activation by the contract's CSAM/AC; activating an active contract answers the same. */
  async activate(user: AuthenticatedUser, id: string): Promise<ContractView> {
    const contract = await this.contractsService.requireManaged(user, id);
    const now = this.clock.now();
    if (effectiveStatus(contract, now) === 'expired') throw new ContractExpiredError();
    await this.activateIfDraft(id, now, user.id);
    const current = await this.contracts.findById(id);
    if (!current || effectiveStatus(current, now) === 'expired') throw new ContractExpiredError();
    return ContractView.of(current, now);
  }

  /**
   * draft → active, the default workspace and the events announcing both, in one transaction.
   * The conditional update decides who does it; everyone else (a second replica's sweep, a
   * CSAM clicking twice) finds the contract active and changes nothing. Returns whether this
   * call activated it.
   */
  async activateIfDraft(id: string, now: Date, activatedBy: string | null): Promise<boolean> {
    return this.tx.run(async (session) => {
      const draft = await this.contracts.findById(id, session);
      const workspaceId = randomUUID();
      const activated = draft && activate(draft, workspaceId, now);
      if (!activated) return false;
      const contract = await this.contracts.activateIfDraft(activated, session);
      if (!contract) return false;
      const workspace = newWorkspace(contract, {
        id: workspaceId,
        name: DEFAULT_WORKSPACE_NAME,
        purpose: 'Default workspace of the contract',
        isDefault: true,
        services: contract.services,
        createdBy: activatedBy,
        now,
      });
      await this.workspaces.insert(workspace, session);
      await this.outbox.record([contractActivated(contract, workspaceId), workspaceCreated(workspace, defaultWorkspaceInvitations(contract))], session);
      this.logger.log(`contract ${id} activated${activatedBy ? ` by ${activatedBy}` : ' (start date)'}; default workspace ${workspaceId}`);
      return true;
    });
  }

  /** CSAM/AC of the contract only, during its active term; the new admin is invited by email. */
  async createAdditionalWorkspace(user: AuthenticatedUser, contractId: string, dto: CreateWorkspaceDto): Promise<WorkspaceView> {
    const contract = await this.contractsService.requireManaged(user, contractId);
    const now = this.clock.now();
    const status = effectiveStatus(contract, now);
    if (status !== 'active') throw new ContractNotActiveError(status);
    const workspace = newWorkspace(contract, {
      id: randomUUID(),
      name: dto.name,
      purpose: dto.purpose,
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
}
