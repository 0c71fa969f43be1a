import { DomainError, NotFoundError } from '@support-hub/platform';

export class WorkspaceNotFoundError extends NotFoundError {
  constructor() {
    super('Workspace', 'WORKSPACE_NOT_FOUND');
  }
}

/** Unknown token, a token replaced by a resend, or another workspace's invitation id. */
export class InvitationNotFoundError extends DomainError {
  constructor(message = 'No invitation matches; if it was resent, use the link in the newest email') {
    super('INVITATION_NOT_FOUND', message, 'not-found');
  }
}

export class WorkspaceAdminRequiredError extends DomainError {
  constructor() {
    super('WORKSPACE_ADMIN_REQUIRED', "Only an admin of this workspace, or the contract's CSAM or account coordinator, may manage its invitations", 'forbidden');
  }
}

export class InvitationAlreadyPendingError extends DomainError {
  constructor() {
    super('INVITATION_ALREADY_PENDING', 'This address already has a pending invitation to this workspace; resend it instead', 'conflict');
  }
}

export class AlreadyMemberError extends DomainError {
  constructor() {
    super('ALREADY_MEMBER', 'This address already belongs to a member of the workspace', 'conflict');
  }
}

export class InvitationExpiredError extends DomainError {
  constructor() {
    super('INVITATION_EXPIRED', 'This invitation has expired. Ask a workspace admin to send you a new one', 'gone');
  }
}

export class InvitationRevokedError extends DomainError {
  constructor() {
    super('INVITATION_REVOKED', 'This invitation was withdrawn. Ask a workspace admin if you should still join', 'gone');
  }
}

/** Revoking again: a repeated action answers 409 with the state it found (docs/http-api.md). */
export class InvitationAlreadyRevokedError extends DomainError {
  constructor() {
    super('INVITATION_ALREADY_REVOKED', 'This invitation is already revoked', 'conflict');
  }
}

export class InvitationAlreadyUsedError extends DomainError {
  constructor() {
    super('INVITATION_ALREADY_USED', 'This invitation has already been accepted; each invitation can be used once', 'conflict');
  }
}

export class InvitationEmailMismatchError extends DomainError {
  constructor() {
    super(
      'INVITATION_EMAIL_MISMATCH',
      'This invitation was sent to a different email address. Sign in with the account of the address that received it, or ask a workspace admin to invite the address you are signed in with',
      'forbidden',
    );
  }
}
