import { DomainError } from '@support-hub/platform';

/** Also the answer for a workspace the caller may not see: nothing about it is confirmable. */
export class WorkspaceNameTakenError extends DomainError {
  constructor(name: string) {
    super('WORKSPACE_NAME_TAKEN', `The contract already has a workspace named "${name}"`, 'conflict');
  }
}

export class WorkspaceAdminRequiredError extends DomainError {
  constructor(action: string) {
    super('WORKSPACE_ADMIN_REQUIRED', `Only an admin of this workspace, or the contract's CSAM or account coordinator, may ${action}`, 'forbidden');
  }
}

export class PersonalAccountsRequiredError extends DomainError {
  constructor() {
    super(
      'PERSONAL_ACCOUNTS_REQUIRED',
      'Workspaces of a Premier contract always accept Personal accounts; the setting cannot be turned off',
      'unprocessable',
    );
  }
}

export class ServiceNotPurchasedError extends DomainError {
  constructor(services: readonly string[]) {
    super('SERVICE_NOT_PURCHASED', `Not purchased under this contract: ${services.join(', ')}`, 'unprocessable');
  }
}
