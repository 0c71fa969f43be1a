import { AuthenticatedUser } from './authenticated-user';
import { VerifiedTokenCache } from './verified-token.cache';

describe('VerifiedTokenCache', () => {
  const user = new AuthenticatedUser('u-1', 'ada@contoso.com', 'Ada', 'tenant-a', [], 'vendor-tenant');
  const now = Date.UTC(2026, 10, 29, 12, 0, 0);
  const inSeconds = (seconds: number) => Math.floor(now / 1000) + seconds;

  it('answers a verified token until its exp, and not a moment after', () => {
    const cache = new VerifiedTokenCache();
    cache.remember('t1', user, inSeconds(60), now);
    expect(cache.get('t1', now + 59_000)).toBe(user);
    expect(cache.get('t1', now + 60_000)).toBeUndefined();
    expect(cache.get('t1', now)).toBeUndefined(); // evicted once seen expired
  });

  it('forgets a long-lived token after five minutes, and never keeps one without exp or already expired', () => {
    const cache = new VerifiedTokenCache();
    cache.remember('long', user, inSeconds(86_400), now);
    cache.remember('no-exp', user, undefined, now);
    cache.remember('expired', user, inSeconds(-1), now);
    expect(cache.get('long', now + 299_000)).toBe(user);
    expect(cache.get('long', now + 300_000)).toBeUndefined();
    expect(cache.get('no-exp', now)).toBeUndefined();
    expect(cache.get('expired', now - 5_000)).toBeUndefined();
  });

  it('keeps at most `max` tokens, dropping the least recently used', () => {
    const cache = new VerifiedTokenCache(2);
    cache.remember('a', user, inSeconds(60), now);
    cache.remember('b', user, inSeconds(60), now);
    cache.get('a', now);
    cache.remember('c', user, inSeconds(60), now);
    expect([cache.get('a', now), cache.get('b', now), cache.get('c', now)]).toEqual([user, undefined, user]);
  });
});
