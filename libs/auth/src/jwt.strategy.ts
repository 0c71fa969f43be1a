import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Clock } from '@support-hub/platform';
import { decode } from 'jsonwebtoken';
import { ExtractJwt, Strategy, StrategyOptionsWithoutRequest } from 'passport-jwt';
import { AUTH_OPTIONS } from './auth.tokens';
import type { AuthOptions } from './auth-options';
import { TokenExpiryRequiredError, TokenLifetimeTooLongError } from './auth.errors';
import { AuthenticatedUser, JwtClaims } from './authenticated-user';
import { loadOrCreateDevSigningKey } from './dev-signing-key';
import { JwksKeySource } from './jwks-key.source';

/** Where the token is read from; the guard's cache keys tokens with this very extractor. */
export const bearerTokenOf = ExtractJwt.fromAuthHeaderAsBearerToken();

/** Clock skew allowed between the issuer and us, for `exp`/`nbf` and for the lifetime rule alike. */
const CLOCK_TOLERANCE_SECONDS = 5;

interface VerifiedClaims extends JwtClaims {
  exp?: number;
  iat?: number;
}

/**
 * Verifies the bearer token locally (no auth call per request). The algorithm list is fixed
 * per mode, so `alg: none` and HS/RS confusion are refused by jsonwebtoken itself.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly vendorTenantId: string;
  private readonly maxLifetimeSeconds: number;

  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions, clock: Clock) {
    super(strategyOptions(options, clock));
    this.vendorTenantId = options.vendorTenantId;
    this.maxLifetimeSeconds = options.maxTokenLifetimeSeconds;
  }

  validate(claims: VerifiedClaims): AuthenticatedUser | false {
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) return false;
    if (typeof claims.exp !== 'number') throw new TokenExpiryRequiredError();
    // Date.now(), not the Clock: jsonwebtoken has just checked `exp` against real time. Counting
    // from `iat` or from now, whichever is earlier, so a future `iat` buys no extra life.
    const startSeconds = Math.min(typeof claims.iat === 'number' ? claims.iat : Number.POSITIVE_INFINITY, Date.now() / 1000);
    if (claims.exp - startSeconds > this.maxLifetimeSeconds + CLOCK_TOLERANCE_SECONDS) throw new TokenLifetimeTooLongError(this.maxLifetimeSeconds);
    return AuthenticatedUser.fromClaims(claims, this.vendorTenantId);
  }
}

function strategyOptions(options: AuthOptions, clock: Clock): StrategyOptionsWithoutRequest {
  const common = {
    jwtFromRequest: bearerTokenOf,
    issuer: options.issuer,
    audience: options.audience,
    ignoreExpiration: false,
    jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE_SECONDS },
  };
  if (options.mode === 'jwks') {
    const keys = new JwksKeySource({ jwksUri: options.jwksUri, now: () => clock.now().getTime() });
    return {
      ...common,
      algorithms: ['RS256'],
      secretOrKeyProvider: (_request, rawJwtToken: string, done) => {
        const kid = decode(rawJwtToken, { complete: true })?.header.kid;
        if (!kid) return done(new Error('token has no kid'));
        keys.keyFor(kid).then(
          // passport-jwt hands the key to jsonwebtoken, which accepts a KeyObject (its types say string).
          (key) => (key ? done(null, key as unknown as string) : done(new Error(`no signing key ${kid}`))),
          (error: unknown) => done(error),
        );
      },
    };
  }
  const key = loadOrCreateDevSigningKey(options.keyFile) as unknown as string;
  return { ...common, algorithms: ['HS256'], secretOrKey: key };
}
