import { Inject, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerException, type ThrottlerStorage } from '@nestjs/throttler';
import type { BaseConfig } from '../config/base-config.schema';
import { APP_CONFIG } from '../config/config.token';
import { rateLimitKeyOfUser, type RateLimitedCaller } from './caller-rate-limit.guard';

const MINUTE_MS = 60_000;

/**
 * The rate limit for something a route can only count once it knows the outcome (a refused read,
 * not every read): RATE_LIMIT_PER_MINUTE per user and kind, in the throttler's store.
 */
@Injectable()
export class RateLimitBudget {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: BaseConfig,
  ) {}

  /** Counts one `kind` against the user; over the budget it throws the 429 RATE_LIMITED of the guard. */
  async spend(kind: string, caller: RateLimitedCaller): Promise<void> {
    const key = `${kind} ${rateLimitKeyOfUser(caller)}`;
    // Block duration 0: a sliding window of one minute, as the guard counts.
    const { isBlocked } = await this.storage.increment(key, MINUTE_MS, this.config.RATE_LIMIT_PER_MINUTE, 0, kind);
    if (isBlocked) throw new ThrottlerException();
  }
}
