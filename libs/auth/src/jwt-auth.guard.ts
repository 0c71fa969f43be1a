import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from '@support-hub/platform';
import type { AuthenticatedUser } from './authenticated-user';
import { bearerTokenOf, VerifiedTokenCache } from './verified-token.cache';

interface AuthenticatedRequest {
  headers: Record<string, unknown>;
  user?: AuthenticatedUser;
}

/**
 * Global: every route needs a valid token unless marked @Public(). Passport (passport-jwt)
 * verifies each token the first time it is seen; repeats are answered from VerifiedTokenCache.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly verified = new VerifiedTokenCache();

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerTokenOf(request.headers.authorization);
    const known = token === undefined ? undefined : this.verified.get(token);
    if (known) {
      request.user = known;
      return true;
    }
    const allowed = (await super.canActivate(context)) as boolean;
    if (allowed && token !== undefined && request.user) this.verified.remember(token, request.user, expiryOf(token));
    return allowed;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error || !user) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'A valid bearer token is required' });
    return user;
  }
}

/** The `exp` claim of a token passport has just verified (so its payload is trusted). */
function expiryOf(token: string): unknown {
  try {
    return (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }).exp;
  } catch {
    return undefined;
  }
}
