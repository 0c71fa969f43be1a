import { DomainError, NotFoundError } from '@support-hub/platform';

export class EngineerNotFoundError extends NotFoundError {
  constructor() {
    super('Engineer', 'ENGINEER_NOT_FOUND');
  }
}

export class EngineerAlreadyRegisteredError extends DomainError {
  constructor() {
    super('ENGINEER_ALREADY_REGISTERED', 'This user is already in the engineer directory', 'conflict');
  }
}

export class EmptyEngineerUpdateError extends DomainError {
  constructor() {
    super('EMPTY_UPDATE', 'Send at least one of name, email, expertise, active', 'invalid');
  }
}

export class EngineerInactiveError extends DomainError {
  constructor() {
    super('ENGINEER_INACTIVE', 'This engineer is inactive: reactivate them before assigning them a case', 'conflict');
  }
}
