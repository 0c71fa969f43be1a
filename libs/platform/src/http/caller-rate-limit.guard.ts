import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** The caller as the JWT guard leaves it on the request (libs/auth's AuthenticatedUser). */
export interface RateLimitedCaller {
  id: string;
  tenantId: string;
}

/** A signed-in user is one budget wherever they connect from; the pair, since `sub` is only unique within its tenant. */
export function rateLimitKeyOfUser(caller: RateLimitedCaller): string {
  return `user ${JSON.stringify([caller.tenantId, caller.id])}`;
}

/**
 * Counts a request against its caller: the user of a valid token (the global JWT guard has run
 * before any route guard), else the client address. Users behind one NAT or proxy get a budget
 * each; an anonymous client cannot reset its budget by sending another X-Forwarded-For, because
 * `request.ip` believes that header only from a TRUST_PROXY peer (see createHttpAdapter).
 */
@Injectable()
export class CallerRateLimitGuard extends ThrottlerGuard {
  protected override getTracker(request: { user?: RateLimitedCaller; ip: string }): Promise<string> {
    if (request.user) return Promise.resolve(rateLimitKeyOfUser(request.user));
    // Throttler's own: request.ip, an IPv6 address reduced to its /56 (one customer's network).
    return super.getTracker(request).then((address) => `address ${address}`);
  }
}
