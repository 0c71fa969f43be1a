import { DomainError } from '../errors/domain-error';

export class BodyTooDeepError extends DomainError {
  /** Raised inside Fastify's body parsing, where Fastify's own handler (no Nest app) reads the status from here. */
  readonly statusCode = 400;

  constructor(maxDepth: number) {
    super('BODY_TOO_DEEP', `The JSON body nests arrays and objects more than ${maxDepth} levels deep`, 'invalid');
  }
}
