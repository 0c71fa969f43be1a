import { LRUCache } from 'lru-cache';
import type { AuthenticatedUser } from './authenticated-user';

/** Remembered at most this long, whatever the token's own expiry: bounds a revoked signing key's reach. */
const MAX_REMEMBER_MS = 5 * 60_000;

/**
 * Bearer tokens passport has already verified, so that a client repeating its token is not
 * verified again on every request (the HMAC or RSA check was most of an authenticated GET).
 * The key is the whole token, signature included: a hit means the very bytes that passed
 * verification. An entry lives until the token's `exp` (at most MAX_REMEMBER_MS), and is
 * checked against the clock on every hit, so nothing here extends a token's life.
 */
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, { user: AuthenticatedUser; expiresAtMs: number }>;

  constructor(max = 10_000) {
    this.entries = new LRUCache({ max });
  }

  // Date.now(), not the injectable Clock: expiry is the verifier's (jsonwebtoken's) real time.
  get(token: string, nowMs = Date.now()): AuthenticatedUser | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.user;
  }

  /** `exp` in seconds, as in the token; a token without one is not remembered. */
  remember(token: string, user: AuthenticatedUser, exp: unknown, nowMs = Date.now()): void {
    if (typeof exp !== 'number' || !Number.isFinite(exp)) return;
    const expiresAtMs = Math.min(exp * 1000, nowMs + MAX_REMEMBER_MS);
    if (expiresAtMs > nowMs) this.entries.set(token, { user, expiresAtMs });
  }
}

