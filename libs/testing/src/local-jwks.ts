import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

/** An identity provider's RS256 signing key, as tests use it: real keys, real tokens. */
export interface RsaSigningKey {
  kid: string;
  publicKey: KeyObject;
  /** A real RS256 token; `kid` overrides the key's own (a forger naming keys at random). */
  sign(claims: object, options?: { kid?: string; issuer?: string; audience?: string; expiresInSeconds?: number }): string;
}

export function rsaSigningKey(): RsaSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  return {
    kid,
    publicKey,
    sign: (claims, { kid: keyid = kid, issuer, audience, expiresInSeconds = 300 } = {}) =>
      jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid, expiresIn: expiresInSeconds, ...(issuer && { issuer }), ...(audience && { audience }) }),
  };
}

/**
 * An identity provider's key endpoint (JWKS) on a local port, plain http (allowed outside
 * production): publishes the keys it is given, counts its fetches, and can be made to fail.
 */
export class LocalJwks {
  fetches = 0;
  failing = false;
  private published: RsaSigningKey[] = [];
  private readonly server: Server = createServer((_, response) => {
    this.fetches += 1;
    if (this.failing) return void response.writeHead(503).end();
    const keys = this.published.map(({ kid, publicKey }) => ({ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }));
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });

  get uri(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/keys`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  publish(...keys: RsaSigningKey[]): void {
    this.published = keys;
  }
}
