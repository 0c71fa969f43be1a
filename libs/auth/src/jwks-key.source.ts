import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface JwksKeySourceOptions {
  jwksUri: string;
  /** After a fetch, a token with an unknown `kid` waits this long before it may cause the next one. */
  refreshCooldownMs?: number;
  /** Known keys are read again this often (in the background), so a key withdrawn from the set stops working. */
  maxAgeMs?: number;
  fetchTimeoutMs?: number;
  /** Milliseconds since the epoch; the service passes its Clock. */
  now?: () => number;
}

export const DEFAULT_JWKS_REFRESH_COOLDOWN_MS = 30_000;
const DEFAULT_MAX_AGE_MS = 10 * 60_000;
const MIN_RSA_MODULUS_BITS = 2048;

/**
 * The identity provider's signing keys, by `kid`. Anyone can send a token with a made-up
 * `kid`, so an unknown one must not cost a fetch each (that floods the provider) nor draw on a
 * budget a flood can exhaust (jwks-rsa's rate limit: once spent, a real key rotation goes
 * unseen until it refills). Here unknown kids share ONE fetch at a time, and after it nothing
 * is fetched for them during a short cooldown: a flood costs one fetch per cooldown, and a
 * key the provider has just rotated in is found at most one cooldown later, whatever the flood.
 */
export class JwksKeySource {
  private keys = new Map<string, KeyObject>();
  private fetchedAtMs = Number.NEGATIVE_INFINITY;
  private lastAttemptAtMs = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;
  private readonly cooldownMs: number;
  private readonly maxAgeMs: number;
  private readonly fetchTimeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: JwksKeySourceOptions) {
    this.cooldownMs = options.refreshCooldownMs ?? DEFAULT_JWKS_REFRESH_COOLDOWN_MS;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** The public key for `kid`, or undefined when the provider does not publish it (as far as we may ask). */
  async keyFor(kid: string): Promise<KeyObject | undefined> {
    const known = this.keys.get(kid);
    if (known) {
      // Answered at once from the keys in hand; the re-read happens beside the request.
      if (this.now() - this.fetchedAtMs >= this.maxAgeMs) this.refresh().catch(() => undefined);
      return known;
    }
    if (!this.inFlight && this.now() - this.lastAttemptAtMs < this.cooldownMs) return undefined;
    // A failed fetch keeps the keys in hand; the kid stays unknown until a later fetch succeeds.
    await this.refresh().catch(() => undefined);
    return this.keys.get(kid);
  }

  /** One fetch at a time: callers arriving while it runs wait for that same fetch. */
  private refresh(): Promise<void> {
    if (!this.inFlight) {
      this.lastAttemptAtMs = this.now();
      this.inFlight = this.fetchKeys().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    const response = await fetch(this.options.jwksUri, { signal: AbortSignal.timeout(this.fetchTimeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
    const body = (await response.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error('JWKS has no keys array');
    this.keys = signingKeysOf(body.keys);
    this.fetchedAtMs = this.now();
  }
}

/** RSA signing keys of 2048 bits or more with a kid; anything else in the set (encryption keys, other types) is ignored. */
function signingKeysOf(jwks: unknown[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const jwk of jwks) {
    if (typeof jwk !== 'object' || jwk === null) continue;
    const { kid, kty, use } = jwk as { kid?: unknown; kty?: unknown; use?: unknown };
    if (typeof kid !== 'string' || kty !== 'RSA' || (use !== undefined && use !== 'sig')) continue;
    try {
      const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
      // A short modulus can be factored, and then anyone can sign with it.
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_MODULUS_BITS) keys.set(kid, key);
    } catch {
      // A malformed key is one the provider cannot have signed with: skip it, keep the others.
    }
  }
  return keys;
}
