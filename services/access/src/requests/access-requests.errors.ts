import { DomainError, ForbiddenError, NotFoundError } from '@support-hub/platform';

/** Also the answer for a case the caller is not the assigned engineer of. */
export class CaseNotFoundError extends NotFoundError {
  constructor() {
    super('Case', 'CASE_NOT_FOUND');
  }
}

export class AccessRequestNotFoundError extends NotFoundError {
  constructor() {
    super('Access request', 'REQUEST_NOT_FOUND');
  }
}

export class CaseClosedError extends DomainError {
  constructor() {
    super('CASE_CLOSED', 'The case is closed: no access can be requested or granted for it', 'conflict');
  }
}

export class TenantNotInCaseError extends DomainError {
  constructor() {
    super('TENANT_NOT_IN_CASE', 'The resource tenant must be one of the tenants of the case', 'unprocessable');
  }
}

export class DurationExceedsCapError extends DomainError {
  constructor(maxHours: number) {
    super('DURATION_EXCEEDS_CAP', `durationHours must not exceed ${maxHours}`, 'invalid');
  }
}

export class RequestAlreadyOpenError extends DomainError {
  constructor() {
    super('REQUEST_ALREADY_OPEN', 'A pending or approved request for this case and tenant already exists', 'conflict');
  }
}

export class SelfApprovalError extends ForbiddenError {
  constructor() {
    super('The engineer who filed a request can never approve or reject it', 'SELF_APPROVAL_FORBIDDEN');
  }
}

export class RequesterOnlyError extends ForbiddenError {
  constructor() {
    super('Only the engineer who filed the request may withdraw it', 'REQUESTER_ONLY');
  }
}

export class RequestNotPendingError extends DomainError {
  constructor(status: string) {
    super('REQUEST_NOT_PENDING', `The request is ${status}, not pending`, 'conflict');
  }
}

export class RequestExpiredError extends DomainError {
  constructor() {
    super('REQUEST_EXPIRED', 'The request expired unanswered', 'conflict');
  }
}

export class AlreadyApprovedError extends DomainError {
  constructor() {
    super('ALREADY_APPROVED', 'Your tenant has already approved this request', 'conflict');
  }
}

export class EngineerNoLongerAssignedError extends DomainError {
  constructor() {
    super('ENGINEER_NOT_ASSIGNED', 'The requesting engineer is no longer assigned to the case', 'conflict');
  }
}

export class PersonalAccountNoDiagnosticsError extends ForbiddenError {
  constructor() {
    super(
      'The Personal account (consumer) tenant has no diagnostics access of any kind: no access request concerns it or a case it filed',
      'PERSONAL_ACCOUNT_NO_DIAGNOSTICS',
    );
  }
}

export class ContractExpiredError extends DomainError {
  constructor() {
    super('CONTRACT_EXPIRED', "The case's contract has ended: no new access requests or approvals until its term is extended", 'conflict');
  }
}

export class DurationExceedsRequestedError extends DomainError {
  constructor(requestedHours: number) {
    super('DURATION_EXCEEDS_REQUESTED', `An approval may shorten the requested duration, not lengthen it: durationHours must not exceed ${requestedHours}`, 'invalid');
  }
}

/** The engineer is known to be deactivated (`engineer.deactivated` or a state saying so): nothing new for them. */
export class EngineerDeactivatedError extends DomainError {
  constructor() {
    super('ENGINEER_DEACTIVATED', 'The engineer has been deactivated: no access can be requested or granted for them', 'conflict');
  }
}
