import { ForbiddenError, NotFoundError } from '@support-hub/platform';

/** Another tenant answers as if it did not exist. */
export class TenantNotFoundError extends NotFoundError {
  constructor() {
    super('Tenant', 'TENANT_NOT_FOUND');
  }
}

export class ManageSupportAccessRequiredError extends ForbiddenError {
  constructor() {
    super('This needs a directory role with microsoft.azure.supportTickets/allEntities/allTasks in your tenant', 'MANAGE_SUPPORT_ACCESS_REQUIRED');
  }
}
