import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { eventually, LocalJwks, rsaSigningKey } from '@support-hub/testing';
import { JwksKeySource } from './jwks-key.source';

describe(JwksKeySource.name, () => {
  const cooldownMs = 30_000;
  const maxAgeMs = 600_000;
  const jwks = new LocalJwks();
  const current = rsaSigningKey();
  const next = rsaSigningKey();
  const attacker = rsaSigningKey();
  let now: number;
  let sut: JwksKeySource;

  beforeAll(() => jwks.start());
  afterAll(() => jwks.stop());

  beforeEach(() => {
    jwks.publish(current);
    jwks.failing = false;
    jwks.fetches = 0;
    now = Date.UTC(2030, 0, 1);
    sut = new JwksKeySource({ jwksUri: jwks.uri, refreshCooldownMs: cooldownMs, maxAgeMs, now: () => now });
  });

  /** Verifies a token the way passport-jwt does: the key found by its kid, RS256 only. */
  const verify = async (token: string): Promise<boolean> => {
    const kid = jwt.decode(token, { complete: true })!.header.kid!;
    const key = await sut.keyFor(kid);
    if (!key) return false;
    jwt.verify(token, key, { algorithms: ['RS256'] });
    return true;
  };

  it('verifies a real RS256 token with the published key, fetching the set once', async () => {
    for (let index = 0; index < 20; index++) expect(await verify(current.sign({ sub: `u${index}` }))).toBe(true);
    expect(jwks.fetches).toBe(1);
  });

  it('lets a burst of unknown kids cost one fetch, however many arrive at once or after', async () => {
    await verify(current.sign({ sub: 'u' }));
    now += cooldownMs; // past the first fetch's cooldown: the flood may cause one
    const burst = Array.from({ length: 20 }, () => attacker.sign({ sub: 'x' }, { kid: randomUUID() }));
    expect(await Promise.all(burst.map(verify))).toEqual(burst.map(() => false));
    for (let index = 0; index < 50; index++) expect(await sut.keyFor(randomUUID())).toBeUndefined();
    expect(jwks.fetches).toBe(2);
  });

  it('finds a key rotated in during an unknown-kid flood within one cooldown, with one more fetch', async () => {
    await verify(current.sign({ sub: 'u' }));
    now += cooldownMs;
    expect(await sut.keyFor(attacker.kid)).toBeUndefined(); // the flood has just spent the fetch
    jwks.publish(current, next); // the provider rotates right after
    const rotated = next.sign({ sub: 'after-rotation' });
    now += cooldownMs - 1;
    expect(await verify(rotated)).toBe(false);
    for (let index = 0; index < 50; index++) await sut.keyFor(randomUUID());
    expect(jwks.fetches).toBe(2);
    now += 1;
    expect(await verify(rotated)).toBe(true);
    expect(jwks.fetches).toBe(3);
    expect(await verify(current.sign({ sub: 'still-valid' }))).toBe(true);
  });

  it('keeps the keys in hand while the provider fails, and tries again only after the cooldown', async () => {
    await verify(current.sign({ sub: 'u' }));
    now += cooldownMs;
    jwks.failing = true;
    expect(await sut.keyFor(next.kid)).toBeUndefined();
    expect(await sut.keyFor(next.kid)).toBeUndefined();
    expect(jwks.fetches).toBe(2);
    expect(await verify(current.sign({ sub: 'u' }))).toBe(true);
    jwks.failing = false;
    jwks.publish(current, next);
    now += cooldownMs;
    expect(await sut.keyFor(next.kid)).toBeDefined();
    expect(jwks.fetches).toBe(3);
  });

  it('stops trusting a key withdrawn from the set once the set is read again', async () => {
    await verify(current.sign({ sub: 'u' }));
    jwks.publish(next);
    now += maxAgeMs;
    // Answered from the keys in hand while the set is re-read beside the request.
    expect(await sut.keyFor(current.kid)).toBeDefined();
    await eventually(() => jwks.fetches === 2, { what: 'the background re-read' });
    await eventually(async () => (await sut.keyFor(current.kid)) === undefined, { what: 'the withdrawn key to be dropped' });
    expect(await verify(next.sign({ sub: 'u' }))).toBe(true);
  });

  it('ignores keys that are not RSA signing keys of at least 2048 bits', async () => {
    const server = createServer((_, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        keys: [
          { ...current.publicKey.export({ format: 'jwk' }), kid: 'enc', use: 'enc' },
          { kty: 'oct', kid: 'hmac', k: 'c2VjcmV0' },
          { kty: 'RSA', kid: 'broken', e: 'AQAB' },
          { kty: 'RSA', kid: 'short', n: 'AQAB', e: 'AQAB' },
          { ...generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }), kid: '1024-bit' },
          { ...current.publicKey.export({ format: 'jwk' }), kid: 'sig' },
        ],
      })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const source = new JwksKeySource({ jwksUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, now: () => now });
      expect(await source.keyFor('sig')).toBeDefined();
      for (const kid of ['enc', 'hmac', 'broken', 'short', '1024-bit']) expect(await source.keyFor(kid)).toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
