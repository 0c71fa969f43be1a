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

/**
 * Nest's start-up chatter: a line per module, controller and route (~40 per service), some of
 * them misleading (`HealthController {/api/v1/health}` for routes excluded from the prefix). At
 * debug level: `LOG_LEVEL=debug` shows the route table, a normal start shows what matters.
 */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication', 'NestMicroservice']);

/** Nest's own logs (start-up, errors) go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, context?: string): void {
    if (context !== undefined && START_UP_CONTEXTS.has(context)) this.pino.debug({ context }, String(message));
    else this.pino.info({ context }, String(message));
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
