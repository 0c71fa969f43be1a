import { ForbiddenError } from '@support-hub/platform';

export class AccessNotGrantedError extends ForbiddenError {
  constructor() {
    super('No live access grant or consent lets you read this tenant\'s diagnostic data', 'ACCESS_NOT_GRANTED');
  }
}

/** Checked before the grant: whoever is not vendor support staff learns nothing about grants. */
export class SupportEngineerRequiredError extends ForbiddenError {
  constructor() {
    super('Diagnostic data is read only by a support engineer of the vendor, signed in with the vendor tenant', 'SUPPORT_ENGINEER_REQUIRED');
  }
}
