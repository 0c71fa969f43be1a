import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ClientSession } from 'mongoose';
import { managerRoleOf, type AuthenticatedUser } from '@support-hub/auth';
import { Outbox } from '@support-hub/messaging';
import { isDuplicateKey, TransactionRunner } from '@support-hub/persistence';
import { Clock, DomainError } from '@support-hub/platform';
import { activate, changeContract, defaultWorkspaceInvitations, effectiveStatus, expire, type ContractChange, type ContractRecord } from '../contracts/contract';
import { contractActivated, contractExpired, contractUpdated } from '../contracts/contract.events';
import { ContractsRepository } from '../contracts/contracts.repository';
import { contactOf, ContractsService } from '../contracts/contracts.service';
import { ContractAlreadyActiveError, ContractExpiredError, ContractNotActiveError } from '../contracts/contracts.errors';
import { ContractView } from '../contracts/dto/contract.view';
import type { UpdateContractDto } from '../contracts/dto/update-contract.dto';
import type { CreateWorkspaceDto } from '../workspaces/dto/create-workspace.dto';
import { WorkspaceView } from '../workspaces/dto/workspace.view';
import { DEFAULT_WORKSPACE_NAME, newWorkspace } from '../workspaces/workspace';
import { workspaceCreated } from '../workspaces/workspace.events';
import { WorkspacesRepository } from '../workspaces/workspaces.repository';
import { WorkspaceNameTakenError } from '../workspaces/workspaces.errors';

/** Two people changed one contract at the same moment, again and again. */
class ContractBusyError extends DomainError {
  constructor() {
    super('CONTRACT_CHANGED_CONCURRENTLY', 'The contract was being changed by someone else; try again', 'conflict');
  }
}

/**
 * What a contract's life does to its workspaces: activation creates the default workspace,
 * CSAM/AC add workspaces during the term and change the contract, the calendar expires it. It
 * depends on both contracts and workspaces, and neither of them on it. Every change is the
 * model's answer stored conditionally on the revision it was computed from, with its events in
 * the same transaction.
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

  /** Explicit activation by the contract's CSAM/AC; a repeat answers 409 like every repeated action (docs/http-api.md). */
  async activate(user: AuthenticatedUser, id: string): Promise<ContractView> {
    const contract = await this.contractsService.requireManaged(user, id);
    const now = this.clock.now();
    if (effectiveStatus(contract, now) === 'expired') throw new ContractExpiredError();
    const activated = await this.activateIfDraft(id, now, user.id);
    const current = await this.contracts.findById(id);
    if (!current || effectiveStatus(current, now) === 'expired') throw new ContractExpiredError();
    if (!activated) throw new ContractAlreadyActiveError();
    return ContractView.of(current, now);
  }

  /**
   * draft → active, the default workspace and the events announcing both, in one transaction.
   * The conditional write decides who does it; everyone else (a second replica's sweep, a
   * CSAM clicking twice) finds the contract active and changes nothing. Returns whether this
   * call activated it.
   */
  async activateIfDraft(id: string, now: Date, activatedBy: string | null): Promise<boolean> {
    return this.tx.run(async (session) => {
      const draft = await this.contracts.findById(id, session);
      const workspaceId = randomUUID();
      const activated = draft && activate(draft, workspaceId, now);
      if (!activated) return false;
      const contract = await this.contracts.replaceIfUnchanged(activated, session);
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

  /**
   * The term has ended: the stored status catches up and `contract.expired` (with every workspace
   * of the contract) is recorded in the same transaction, once, however many sweeps race.
   */
  async expireIfEnded(id: string, now: Date): Promise<boolean> {
    return this.tx.run(async (session) => {
      const contract = await this.contracts.findById(id, session);
      const expired = contract && expire(contract, now);
      if (!expired || !(await this.contracts.replaceIfUnchanged(expired, session))) return false;
      await this.outbox.record([contractExpired(expired, await this.workspaces.idsOfContract(id, session))], session);
      this.logger.log(`contract ${id} expired (term ended ${expired.endsAt.toISOString()})`);
      return true;
    });
  }

  /**
   * The account team changes the term, services, contacts or the team itself. A new CSAM or
   * coordinator manages every workspace of the contract from this commit on.
   */
  async update(user: AuthenticatedUser, id: string, dto: UpdateContractDto): Promise<ContractView> {
    await this.contractsService.requireManaged(user, id);
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.clock.now();
      const result = await this.tx.run(async (session) => this.applyChange(user, id, dto, now, session));
      if (result) return ContractView.of(result, now);
    }
    throw new ContractBusyError();
  }

  private async applyChange(user: AuthenticatedUser, id: string, dto: UpdateContractDto, now: Date, session: ClientSession): Promise<ContractRecord | null> {
    const contract = await this.contracts.findById(id, session);
    if (!contract) return null;
    const change: ContractChange = {
      endsAt: dto.endsAt === undefined ? undefined : new Date(dto.endsAt),
      services: dto.services,
      supportContacts: dto.supportContacts,
      csamId: dto.csamId,
      accountCoordinatorId: dto.accountCoordinatorId,
      // The caller who stays in their slot keeps their own contact current.
      csam: dto.csam ?? (user.actsAs('csam', dto.csamId ?? contract.csamId) ? contactOf(user) : undefined),
      accountCoordinator: dto.accountCoordinator ?? (user.actsAs('account-coordinator', dto.accountCoordinatorId ?? contract.accountCoordinatorId) ? contactOf(user) : undefined),
    };
    const changed = changeContract(contract, change, now);
    if (!changed) return contract;
    const stored = await this.contracts.replaceIfUnchanged(changed.contract, session);
    if (!stored) return null;
    if (changed.changed.includes('csamId') || changed.changed.includes('accountCoordinatorId')) {
      await this.workspaces.setManagers(id, stored, session);
    }
    if (changed.changed.length > 0) {
      await this.outbox.record([contractUpdated(stored, await this.workspaces.idsOfContract(id, session), changed.changed, changed.reactivated)], session);
    }
    this.logger.log(`contract ${id} changed by ${user.id}: ${changed.changed.join(', ') || 'contacts'}${changed.reactivated ? ' (reactivated)' : ''}`);
    return stored;
  }

  /** CSAM/AC of the contract only, during its active term; the new admin is invited by email. */
  async createAdditionalWorkspace(user: AuthenticatedUser, contractId: string, dto: CreateWorkspaceDto): Promise<WorkspaceView> {
    const contract = await this.contractsService.requireManaged(user, contractId);
    const now = this.clock.now();
    const status = effectiveStatus(contract, now);
    if (status === 'expired') throw new ContractExpiredError();
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
