import { DomainError, NotFoundError } from '@support-hub/platform';

export class MemberNotFoundError extends NotFoundError {
  constructor() {
    super('Member', 'MEMBER_NOT_FOUND');
  }
}

export class LastAdminError extends DomainError {
  constructor() {
    super('LAST_ADMIN', 'A workspace keeps at least one admin: make another member admin first', 'conflict');
  }
}
