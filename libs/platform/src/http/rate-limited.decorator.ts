import { UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Routes that guess at secrets (invitation tokens) or send mail are limited per client.
 * The budget is RATE_LIMIT_PER_MINUTE; the store is in memory, so each replica counts alone.
 */
export const RateLimited = (): ClassDecorator & MethodDecorator => UseGuards(ThrottlerGuard);
