/**
 * A business rule refused the request. Features define subclasses in `<feature>.errors.ts`
 * with a stable `code`; the kind decides the HTTP status, in one place (the exception filter).
 */
export type ErrorKind =
  | 'invalid' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'conflict' // 409
  | 'gone' // 410
  | 'unprocessable'; // 422

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Another workspace's or tenant's object answers the same as a missing one: no existence leak. */
export class NotFoundError extends DomainError {
  constructor(what: string, code = 'NOT_FOUND') {
    super(code, `${what} not found`, 'not-found');
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, code = 'FORBIDDEN') {
    super(code, message, 'forbidden');
  }
}
