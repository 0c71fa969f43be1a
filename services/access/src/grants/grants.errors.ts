import { DomainError, NotFoundError } from '@support-hub/platform';

export class GrantNotFoundError extends NotFoundError {
  constructor() {
    super('Access grant', 'GRANT_NOT_FOUND');
  }
}

export class GrantNotActiveError extends DomainError {
  constructor() {
    super('GRANT_NOT_ACTIVE', 'The access grant has already ended', 'conflict');
  }
}

export class ConcurrentAccessUpdateError extends DomainError {
  constructor() {
    super('CONCURRENT_UPDATE', 'The request changed meanwhile; read it again and retry', 'conflict');
  }
}
