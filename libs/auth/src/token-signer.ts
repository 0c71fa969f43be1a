import jwt from 'jsonwebtoken';
import type { KeyObject } from 'node:crypto';
import type { JwtClaims } from './authenticated-user';

export interface TokenRequest extends JwtClaims {
  ttlSeconds?: number;
}

/** Signs a development token the services started by `npm start` accept (used by the CLI and tests). */
export function signDevToken(key: KeyObject, request: TokenRequest, issuer: string, audience: string): string {
  const { ttlSeconds = 3600, ...claims } = request;
  return jwt.sign(claims, key, { algorithm: 'HS256', expiresIn: ttlSeconds, issuer, audience });
}
