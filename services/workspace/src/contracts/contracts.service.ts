import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { managesContract, type AuthenticatedUser } from '@support-hub/auth';
import { Outbox } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock } from '@support-hub/platform';
import { WorkspacesRepository } from '../workspaces/workspaces.repository';
import { contractActivated, workspaceCreated } from '../workspaces/workspace-events';
import { DEFAULT_WORKSPACE_NAME, defaultInvitations, newWorkspace } from '../workspaces/new-workspace';
import type { ContractRecord } from './contract.schema';
import { effectiveStatus } from './contract-status';
import { ContractsRepository } from './contracts.repository';
import { ContractAlreadyActiveError, ContractExpiredError, ContractNotFoundError, ContractRoleSlotError, ContractTermInvalidError } from './contracts.errors';
import type { CreateContractDto } from './dto/create-contract.dto';
import { ContractView } from './dto/contract.view';

@Injectable()
export class ContractsService {
  private readonly logger = new Logger(ContractsService.name);

  constructor(
    private readonly contracts: ContractsRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly tx: TransactionRunner,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** The route requires the csam or account-coordinator role; the creator takes that slot. */
  async create(user: AuthenticatedUser, dto: CreateContractDto): Promise<ContractView> {
    const now = this.clock.now();
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt.getTime() <= startsAt.getTime()) throw new ContractTermInvalidError('endsAt must be after startsAt');
    if (endsAt.getTime() <= now.getTime()) throw new ContractTermInvalidError('endsAt must be in the future');
    const contract: ContractRecord = {
      _id: randomUUID(),
      customerName: dto.customerName.trim(),
      customerTenantId: dto.customerTenantId,
      type: dto.type,
      startsAt,
      endsAt,
      serviceAdmin: { email: dto.serviceAdmin.email.toLowerCase(), name: dto.serviceAdmin.name },
      supportContacts: dto.supportContacts.map((contact) => ({ email: contact.email.toLowerCase(), name: contact.name })),
      services: [...new Set(dto.services)],
      csamId: slot(user, 'csam', 'csamId', dto.csamId),
      accountCoordinatorId: slot(user, 'account-coordinator', 'accountCoordinatorId', dto.accountCoordinatorId),
      status: 'draft',
      defaultWorkspaceId: null,
      createdBy: user.id,
      createdAt: now,
      activatedAt: null,
      expiredAt: null,
    };
    await this.contracts.insert(contract);
    return ContractView.of(contract, now);
  }

  async get(user: AuthenticatedUser, id: string): Promise<ContractView> {
    return ContractView.of(await this.requireManaged(user, id), this.clock.now());
  }

  /** Explicit activation by the contract's CSAM/AC; activating an active contract is refused with 409, as every repeated action is. */
  async activate(user: AuthenticatedUser, id: string): Promise<ContractView> {
    const contract = await this.requireManaged(user, id);
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
   * The conditional update decides who does it; everyone else (a second replica's sweep, a
   * CSAM clicking twice) finds the contract active and changes nothing. Returns whether this
   * call activated it.
   */
  async activateIfDraft(id: string, now: Date, activatedBy: string | null): Promise<boolean> {
    return this.tx.run(async (session) => {
      const workspaceId = randomUUID();
      const contract = await this.contracts.activateIfDraft(id, workspaceId, now, session);
      if (!contract) return false;
      const workspace = newWorkspace(contract, {
        id: workspaceId,
        name: DEFAULT_WORKSPACE_NAME,
        purpose: 'Default workspace of the contract',
        isDefault: true,
        services: [...contract.services],
        createdBy: activatedBy,
        now,
      });
      await this.workspaces.insert(workspace, session);
      await this.outbox.record([contractActivated(contract, workspaceId), workspaceCreated(workspace, defaultInvitations(contract))], session);
      this.logger.log(`contract ${id} activated${activatedBy ? ` by ${activatedBy}` : ' (start date)'}; default workspace ${workspaceId}`);
      return true;
    });
  }

  /** A contract the caller manages, or 404 (also for one that exists but is someone else's). */
  async requireManaged(user: AuthenticatedUser, id: string): Promise<ContractRecord> {
    const contract = await this.contracts.findById(id);
    if (!contract || !managesContract(user, contract)) throw new ContractNotFoundError();
    return contract;
  }
}

/** The creator fills the slot of the role they hold; the other slot comes from the body. */
function slot(
  user: AuthenticatedUser,
  role: 'csam' | 'account-coordinator',
  field: 'csamId' | 'accountCoordinatorId',
  requested: string | undefined,
): string | null {
  if (!user.hasRole(role)) return requested ?? null;
  if (requested !== undefined && requested !== user.id) throw new ContractRoleSlotError(field);
  return user.id;
}
