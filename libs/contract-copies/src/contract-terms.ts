import { Controller, Inject, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Model } from 'mongoose';
import type { ManagedBy } from '@support-hub/auth';
import type { EventEnvelope } from '@support-hub/contracts';
import { OnEvent } from '@support-hub/messaging';
import { storeIfNewer } from '@support-hub/persistence';
import { Clock, DomainError } from '@support-hub/platform';
import { CONTRACT_COPY, type ContractCopyRecord } from './contract-copy.schema';

/** The same answer in every service that refuses new work on an ended contract. */
export class ContractExpiredError extends DomainError {
  constructor() {
    super('CONTRACT_EXPIRED', "The workspace's contract has ended: nothing new can start until its term is extended", 'conflict');
  }
}

type ContractEvent = EventEnvelope<'contract.created'> | EventEnvelope<'contract.updated'> | EventEnvelope<'contract.expired'>;

/**
 * What a service knows of contracts (the case and invitation services keep this copy), from contract.* events: whether a term has ended (its
 * `endsAt` passed, so a shortened or lapsed term counts at once, before `contract.expired`
 * arrives) and who the account team is now. A contract never heard of (created before these
 * events existed) is treated as open, with the team its workspace copy names.
 */
@Injectable()
export class ContractTerms {
  constructor(
    @Inject(CONTRACT_COPY) private readonly copies: Model<ContractCopyRecord>,
    private readonly clock: Clock,
  ) {}

  async record({ data }: ContractEvent): Promise<void> {
    await storeIfNewer(this.copies, {
      _id: data.contractId,
      endsAt: new Date(data.endsAt),
      csamId: data.csamId,
      accountCoordinatorId: data.accountCoordinatorId,
      revision: data.revision,
    });
  }

  async assertOpen(contractId: string): Promise<void> {
    const copy = await this.copies.findById(contractId).lean<ContractCopyRecord>().exec();
    if (copy && copy.endsAt.getTime() <= this.clock.now().getTime()) throw new ContractExpiredError();
  }

  /** The contract's current account team, else what the workspace copy says. */
  async managersOf(contractId: string, fallback: ManagedBy): Promise<ManagedBy> {
    return (await this.copies.findById(contractId, { csamId: 1, accountCoordinatorId: 1 }).lean<ContractCopyRecord>().exec()) ?? fallback;
  }
}

@Controller()
export class ContractCopiesHandlers {
  constructor(private readonly terms: ContractTerms) {}

  @OnEvent('contract.created')
  copyCreatedContract(@Payload() event: EventEnvelope<'contract.created'>): Promise<void> {
    return this.terms.record(event);
  }

  @OnEvent('contract.updated')
  copyUpdatedContract(@Payload() event: EventEnvelope<'contract.updated'>): Promise<void> {
    return this.terms.record(event);
  }

  @OnEvent('contract.expired')
  copyExpiredContract(@Payload() event: EventEnvelope<'contract.expired'>): Promise<void> {
    return this.terms.record(event);
  }
}
