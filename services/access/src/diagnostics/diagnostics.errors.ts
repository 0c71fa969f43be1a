import { ForbiddenError } from '@support-hub/platform';

export class AccessNotGrantedError extends ForbiddenError {
  constructor() {
    super('No live access grant or consent lets you read this tenant\'s diagnostic data', 'ACCESS_NOT_GRANTED');
  }
}
