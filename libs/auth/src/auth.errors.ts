import { DomainError } from '@support-hub/platform';

/** A token that never expires is a credential that never dies: refused. */
export class TokenExpiryRequiredError extends DomainError {
  constructor() {
    super('TOKEN_EXPIRY_REQUIRED', 'The bearer token has no exp claim', 'unauthenticated');
  }
}

export class TokenLifetimeTooLongError extends DomainError {
  constructor(maxSeconds: number) {
    super('TOKEN_LIFETIME_TOO_LONG', `The bearer token lives longer than the ${maxSeconds} s this service accepts`, 'unauthenticated');
  }
}
