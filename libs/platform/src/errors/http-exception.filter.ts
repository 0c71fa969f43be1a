import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { DomainError, ErrorKind } from './domain-error';

const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  unprocessable: 422,
};

/** Codes for failures raised by the framework rather than by a feature. */
const CODE_OF_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** One refused field of a request: what a form shows beside the field. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  /** On validation errors only: every refused field. */
  details?: FieldError[];
}

/** Every error leaves a service as `{statusCode, error, code, message}`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void host.switchToHttp().getResponse<FastifyReply>().status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) return body(STATUS_OF_KIND[exception.kind], exception.code, exception.message);
    if (exception instanceof ThrottlerException) return body(429, 'RATE_LIMITED', 'Too many requests; try again later');
    if (exception instanceof HttpException) return fromHttpException(exception);
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
      return body(fastifyError.statusCode, CODE_OF_STATUS[fastifyError.statusCode] ?? 'BAD_REQUEST', fastifyError.message ?? 'Bad request');
    }
    return body(500, 'INTERNAL', 'Internal server error');
  }
}

function fromHttpException(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse() as string | { message?: string | string[]; code?: string; details?: FieldError[] };
  const raw = typeof response === 'string' ? response : response.message;
  const message = Array.isArray(raw) ? raw.join('; ') : (raw ?? exception.message);
  const code = (typeof response === 'object' && response.code) || CODE_OF_STATUS[status] || HttpStatus[status] || 'ERROR';
  return body(status, code, message, typeof response === 'object' ? response.details : undefined);
}

function body(statusCode: number, code: string, message: string, details?: FieldError[]): ErrorBody {
  const error = (HttpStatus[statusCode] ?? 'Error')
    .split('_')
    .map((word) => word.charAt(0) + word.slice(1).toLowerCase())
    .join(' ');
  return details ? { statusCode, error, code, message, details } : { statusCode, error, code, message };
}
