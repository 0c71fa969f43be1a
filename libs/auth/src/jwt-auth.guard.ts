import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError, IS_PUBLIC } from '@support-hub/platform';
import { decode } from 'jsonwebtoken';
import type { AuthenticatedUser } from './authenticated-user';
import { bearerTokenOf } from './jwt.strategy';
import { RouteMetadata } from './route-metadata';
import { VerifiedTokenCache } from './verified-token.cache';

/**
 * Global: every route needs a valid token unless marked @Public(). Passport (passport-jwt)
 * verifies each token the first time it is seen; repeats are answered from VerifiedTokenCache.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly verified = new VerifiedTokenCache();
  private readonly publicRoutes: RouteMetadata<boolean>;

  constructor(reflector: Reflector) {
    super();
    this.publicRoutes = new RouteMetadata<boolean>(reflector, IS_PUBLIC);
  }

  /** Synchronous for a token seen before: no promise on the hot path. */
  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.publicRoutes.of(context)) return true;
    const request = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
    const token = bearerTokenOf(request);
    const known = token ? this.verified.get(token) : undefined;
    if (known) {
      request.user = known;
      return true;
    }
    return this.verify(context, request, token);
  }

  private async verify(context: ExecutionContext, request: { user?: AuthenticatedUser }, token: string | null): Promise<boolean> {
    const allowed = (await super.canActivate(context)) as boolean;
    // Passport has just verified this token, so its payload may be read without checking again.
    if (allowed && token && request.user) this.verified.remember(token, request.user, (decode(token, { json: true }) ?? {}).exp);
    return allowed;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    // The token verified but breaks one of our rules (no exp, too long a life): say which.
    if (error instanceof DomainError && error.kind === 'unauthenticated') throw error;
    if (error || !user) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'A valid bearer token is required' });
    return user;
  }
}

