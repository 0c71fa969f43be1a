import { DomainError } from '@support-hub/platform';

export class ActivityPermissionRequiredError extends DomainError {
  constructor() {
    super(
      'ACTIVITY_PERMISSION_REQUIRED',
      'Customer Activity is visible to workspace admins, the contract CSAM/AC, and members given the customerActivity permission',
      'forbidden',
    );
  }
}

export class TooManyWorkspacesError extends DomainError {
  constructor(max: number) {
    super('TOO_MANY_WORKSPACES', `Select at most ${max} workspaces, or use workspaces=all`, 'invalid');
  }
}
