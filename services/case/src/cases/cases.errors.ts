import { DomainError, ForbiddenError, NotFoundError } from '@support-hub/platform';

/** Also what a workspace the caller cannot see answers: its existence is not confirmed. */
export class CaseNotFoundError extends NotFoundError {
  constructor() {
    super('Case', 'CASE_NOT_FOUND');
  }
}

export class MembershipRequiredError extends ForbiddenError {
  constructor() {
    super('Only members of the workspace open cases in it', 'MEMBERSHIP_REQUIRED');
  }
}

export class CaseActionForbiddenError extends ForbiddenError {
  constructor(action: string, who: string) {
    super(`Only ${who} may ${action} this case`, 'CASE_ACTION_FORBIDDEN');
  }
}

export class CaseClosedError extends DomainError {
  constructor() {
    super('CASE_CLOSED', 'The case is closed', 'conflict');
  }
}

export class CaseNotClosedError extends DomainError {
  constructor() {
    super('CASE_NOT_CLOSED', 'Only a closed case can be reopened', 'conflict');
  }
}

export class ConcurrentCaseUpdateError extends DomainError {
  constructor() {
    super('CONCURRENT_UPDATE', 'The case changed meanwhile; read it again and retry', 'conflict');
  }
}

export class EmptyCaseUpdateError extends DomainError {
  constructor() {
    super('EMPTY_UPDATE', 'Send allowAdvancedDiagnostics or description', 'invalid');
  }
}

/** Consent exposes the customer's own directory data: only the customer's tenant gives, changes or withdraws it. */
export class ConsentNotYoursError extends ForbiddenError {
  constructor() {
    super(
      "Only a workspace member signed in with the case's customer tenant (the tenant that filed it) may give, change or withdraw consent to advanced diagnostics",
      'CONSENT_NOT_YOURS',
    );
  }
}

export class PersonalAccountNoDiagnosticsError extends ForbiddenError {
  constructor() {
    super(
      'A case of a Personal Microsoft account has no diagnostics access of any kind: advanced diagnostics cannot be allowed on it',
      'PERSONAL_ACCOUNT_NO_DIAGNOSTICS',
    );
  }
}

/** The same code as the roles guard's: the unassigned queue is a support manager's view. */
export class ManagerRoleRequiredError extends ForbiddenError {
  constructor() {
    super('Only support managers (in a token of the vendor tenant) see the unassigned queue', 'ROLE_REQUIRED');
  }
}

export class CaseAlreadyAssignedError extends DomainError {
  constructor() {
    super('CASE_ALREADY_ASSIGNED', 'The case is assigned to this engineer already', 'conflict');
  }
}
