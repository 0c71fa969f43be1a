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

/** A Personal Microsoft account on a workspace whose policy does not allow them (see `personal-account.ts`). */
export class PersonalAccountNotAllowedError extends DomainError {
  constructor() {
    super(
      'PERSONAL_ACCOUNT_NOT_ALLOWED',
      'This workspace does not accept Personal Microsoft accounts. Sign in with your work or school account for this address, or ask your CSAM or account coordinator to allow Personal accounts in this workspace',
      'forbidden',
    );
  }
}
