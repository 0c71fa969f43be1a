import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { BaseConfig } from './config/base-config.schema';
import { APP_CONFIG } from './config/config.token';
import { HttpExceptionFilter } from './errors/http-exception.filter';
import { HealthController } from './health/health.controller';
import { ReadinessRegistry } from './health/readiness.registry';
import { RateLimitBudget } from './http/rate-limit.budget';
import { StrictValidationPipe } from './http/validation.pipe';
import { MetricsController } from './metrics/metrics.controller';
import { Clock } from './time/clock';

/** What every service has: config, health, metrics, errors, validation, request context. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: BaseConfig): DynamicModule {
    return {
      module: PlatformModule,
      imports: [ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }])],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        ReadinessRegistry,
        Clock,
        RateLimitBudget,
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_PIPE, useClass: StrictValidationPipe },
      ],
      exports: [APP_CONFIG, ReadinessRegistry, Clock, RateLimitBudget, ThrottlerModule],
    };
  }
}
