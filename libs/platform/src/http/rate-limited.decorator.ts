import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodySchema } from '../openapi/error-body.schema';
import { CallerRateLimitGuard } from './caller-rate-limit.guard';

/**
 * Routes that guess at secrets (invitation tokens), send mail or probe tenants' data are limited
 * per caller (user, else client address; see CallerRateLimitGuard). The budget is
 * RATE_LIMIT_PER_MINUTE per route; the store is in memory, so each replica counts alone.
 */
export const RateLimited = (): ClassDecorator & MethodDecorator =>
  applyDecorators(UseGuards(CallerRateLimitGuard), ApiResponse({ status: 429, type: ErrorBodySchema, description: 'code: RATE_LIMITED' }));
