import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy, StrategyOptionsWithoutRequest } from 'passport-jwt';
import { AUTH_OPTIONS } from './auth.tokens';
import type { AuthOptions } from './auth-options';
import { AuthenticatedUser, JwtClaims } from './authenticated-user';
import { loadOrCreateDevSigningKey } from './dev-signing-key';

/** Where the token is read from; the guard's cache keys tokens with this very extractor. */
export const bearerTokenOf = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * Verifies the bearer token locally (no auth call per request). The algorithm list is fixed
 * per mode, so `alg: none` and HS/RS confusion are refused by jsonwebtoken itself.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions) {
    super(strategyOptions(options));
  }

  validate(claims: JwtClaims): AuthenticatedUser | false {
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) return false;
    return AuthenticatedUser.fromClaims(claims);
  }
}

function strategyOptions(options: AuthOptions): StrategyOptionsWithoutRequest {
  const common = {
    jwtFromRequest: bearerTokenOf,
    issuer: options.issuer,
    audience: options.audience,
    ignoreExpiration: false,
    jsonWebTokenOptions: { clockTolerance: 5 },
  };
  if (options.mode === 'jwks') {
    return {
      ...common,
      algorithms: ['RS256'],
      secretOrKeyProvider: passportJwtSecret({ jwksUri: options.jwksUri, cache: true, rateLimit: true, jwksRequestsPerMinute: 10 }),
    };
  }
  // passport-jwt hands the key to jsonwebtoken, which accepts a KeyObject (its types say string).
  const key = loadOrCreateDevSigningKey(options.keyFile) as unknown as string;
  return { ...common, algorithms: ['HS256'], secretOrKey: key };
}
