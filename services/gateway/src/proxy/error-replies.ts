import { STATUS_CODES } from 'node:http';
import type { ErrorBody } from '@support-hub/platform';

interface Reply<R> {
  code(statusCode: number): R;
  type(contentType: string): R;
  send(payload: unknown): R;
}

/** The gateway's own refusals take the services' error shape, so a client reads one format. */
export function sendError<R extends Reply<R>>(reply: R, statusCode: number, code: string, message: string): R {
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message };
  return reply.code(statusCode).type('application/json').send(body);
}

/** Fastify's own errors (body too large, bad content type…) by status, with our stable codes. */
export const CODE_OF_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  502: 'UPSTREAM_UNAVAILABLE',
  503: 'UPSTREAM_UNAVAILABLE',
  504: 'UPSTREAM_TIMEOUT',
};
