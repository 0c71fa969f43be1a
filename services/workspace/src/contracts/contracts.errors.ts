import { DomainError, NotFoundError } from '@support-hub/platform';

/** Also the answer for a contract that exists but is not the caller's: no existence leak. */
export class ContractNotFoundError extends NotFoundError {
  constructor() {
    super('Contract', 'CONTRACT_NOT_FOUND');
  }
}

export class ContractTermInvalidError extends DomainError {
  constructor(reason: string) {
    super('CONTRACT_TERM_INVALID', reason, 'invalid');
  }
}

export class ContractRoleSlotError extends DomainError {
  constructor(slot: 'csamId' | 'accountCoordinatorId') {
    super(
      'CONTRACT_ROLE_SLOT_MISMATCH',
      `${slot} is filled with your own user id because you hold that role; leave it out or send your id`,
      'invalid',
    );
  }
}

export class ContractExpiredError extends DomainError {
  constructor() {
    super('CONTRACT_EXPIRED', 'The contract term has ended: nothing new can start under it until its term is extended', 'conflict');
  }
}

export class ServiceRemovalError extends DomainError {
  constructor(services: readonly string[]) {
    super('SERVICE_REMOVAL_NOT_SUPPORTED', `Purchased services are only added, never removed (workspaces use them): ${services.join(', ')}`, 'unprocessable');
  }
}

/** A repeated action answers 409 with the state it found (docs/http-api.md, "Repeating an action"). */
export class ContractAlreadyActiveError extends DomainError {
  constructor() {
    super('CONTRACT_ALREADY_ACTIVE', 'The contract is already active; read it for its default workspace', 'conflict');
  }
}

export class ContractNotActiveError extends DomainError {
  constructor(status: string) {
    super('CONTRACT_NOT_ACTIVE', `The contract is ${status}; workspaces can be created only during an active term`, 'conflict');
  }
}

export class ContractManagerRequiredError extends DomainError {
  constructor(action: string) {
    super('CONTRACT_MANAGER_REQUIRED', `Only the contract's CSAM or account coordinator may ${action}`, 'forbidden');
  }
}
