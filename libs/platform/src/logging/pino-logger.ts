import { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { requestContext } from '../context/request-context';

/** One JSON logger per process; every line carries the correlation id of the work in hand. */
export function createPinoLogger(service: string, level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Fastify's per-request child loggers carry the id already (its request-id label): adding
    // it again would write the key twice.
    mixin: (_fields, _level, logger) => {
      const context = requestContext.current();
      if (!context || logger.bindings().correlationId !== undefined) return {};
      return { correlationId: context.correlationId };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Nest's own logs (start-up, errors) go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, context?: string): void {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, String(message));
  }
}
