import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { managedByConditions, managesContract, type AuthenticatedUser } from '@support-hub/auth';
import { Outbox } from '@support-hub/messaging';
import { TransactionRunner } from '@support-hub/persistence';
import { Clock, decodeTimeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@support-hub/platform';
import { draftContract, type ContractRecord, type Person } from './contract';
import { contractCreated } from './contract.events';
import { ContractsRepository } from './contracts.repository';
import { ContractNotFoundError } from './contracts.errors';
import type { CreateContractDto } from './dto/create-contract.dto';
import { ContractView } from './dto/contract.view';
import type { ListContractsQueryDto } from './dto/list-contracts.query';

/** Creating and reading contracts; what a contract's life does to its workspaces is contract-lifecycle's. */
@Injectable()
export class ContractsService {
  constructor(
    private readonly contracts: ContractsRepository,
    private readonly tx: TransactionRunner,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** The route requires the csam or account-coordinator role; the creator takes that slot. */
  async create(user: AuthenticatedUser, dto: CreateContractDto): Promise<ContractView> {
    const now = this.clock.now();
    const contract = draftContract(
      { ...dto, id: randomUUID(), startsAt: new Date(dto.startsAt), endsAt: new Date(dto.endsAt) },
      { id: user.id, isCsam: user.hasRole('csam'), isAccountCoordinator: user.hasRole('account-coordinator'), contact: contactOf(user) },
      now,
    );
    await this.tx.run(async (session) => {
      await this.contracts.insert(contract, session);
      await this.outbox.record([contractCreated(contract)], session);
    });
    return ContractView.of(contract, now);
  }

  async get(user: AuthenticatedUser, id: string): Promise<ContractView> {
    return ContractView.of(await this.requireManaged(user, id), this.clock.now());
  }

  /** The contracts the caller manages as CSAM or account coordinator, oldest first. */
  async listMine(user: AuthenticatedUser, query: ListContractsQueryDto): Promise<Page<ContractView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const now = this.clock.now();
    const rows = await this.contracts.page(managedByConditions(user), query.status, now, decodeTimeCursor(query.cursor), limit + 1);
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row._id }), (row) => ContractView.of(row, now));
  }

  /** A contract the caller manages, or 404 (also for one that exists but is someone else's). */
  async requireManaged(user: AuthenticatedUser, id: string): Promise<ContractRecord> {
    const contract = await this.contracts.findById(id);
    if (!contract || !managesContract(user, contract)) throw new ContractNotFoundError();
    return contract;
  }
}

/** A manager's contact as customers should see it: their token's name and email. */
export function contactOf(user: AuthenticatedUser): Person {
  return { email: user.email, name: user.name ?? user.email };
}
