import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { managesContract, type AuthenticatedUser } from '@support-hub/auth';
import { Clock } from '@support-hub/platform';
import { draftContract, type ContractRecord } from './contract';
import { ContractsRepository } from './contracts.repository';
import { ContractNotFoundError } from './contracts.errors';
import type { CreateContractDto } from './dto/create-contract.dto';
import { ContractView } from './dto/contract.view';

/** Creating and reading contracts; what happens to their workspaces is contract-lifecycle's. */
@Injectable()
export class ContractsService {
  constructor(
    private readonly contracts: ContractsRepository,
    private readonly clock: Clock,
  ) {}

  /** The route requires the csam or account-coordinator role; the creator takes that slot. */
  async create(user: AuthenticatedUser, dto: CreateContractDto): Promise<ContractView> {
    const now = this.clock.now();
    const contract = draftContract(
      { ...dto, id: randomUUID(), startsAt: new Date(dto.startsAt), endsAt: new Date(dto.endsAt) },
      { id: user.id, isCsam: user.hasRole('csam'), isAccountCoordinator: user.hasRole('account-coordinator') },
      now,
    );
    await this.contracts.insert(contract);
    return ContractView.of(contract, now);
  }

  async get(user: AuthenticatedUser, id: string): Promise<ContractView> {
    return ContractView.of(await this.requireManaged(user, id), this.clock.now());
  }

  /** A contract the caller manages, or 404 (also for one that exists but is someone else's). */
  async requireManaged(user: AuthenticatedUser, id: string): Promise<ContractRecord> {
    const contract = await this.contracts.findById(id);
    if (!contract || !managesContract(user, contract)) throw new ContractNotFoundError();
    return contract;
  }
}
