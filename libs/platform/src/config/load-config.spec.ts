import { z } from 'zod';
import { baseConfigSchema } from './base-config.schema';
import { ConfigError, loadConfig } from './load-config';

describe(loadConfig.name, () => {
  const schema = baseConfigSchema.extend({ PORT: z.coerce.number().int().default(3001) });

  it('applies defaults and coerces numbers', () => {
    const config = loadConfig(schema, { MONGODB_URI: 'mongodb://127.0.0.1:27017/x', PORT: '4000' });
    expect(config.PORT).toBe(4000);
    expect(config.AMQP_URL).toBe('amqp://guest:guest@127.0.0.1:5672');
    expect(config.LOG_REQUESTS).toBe(true);
  });

  it('names every bad or missing setting', () => {
    const attempt = () => loadConfig(schema, { PORT: 'eighty', AMQP_URL: 'http://nope' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/MONGODB_URI/);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/AMQP_URL: must be an amqp/);
  });

  describe('identity settings', () => {
    const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/x' };
    const load = (env: Record<string, string>) => loadConfig(schema, { ...base, ...env });

    it('refuses to boot in production without a JWKS, naming the variable', () => {
      expect(() => load({ NODE_ENV: 'production' })).toThrow(/AUTH_JWKS_URI: is required when NODE_ENV=production/);
      expect(() => load({ NODE_ENV: 'production', AUTH_JWKS_URI: 'http://idp.example/keys' })).toThrow(/AUTH_JWKS_URI: must be an https:\/\/ URL/);
      expect(load({ NODE_ENV: 'production', AUTH_JWKS_URI: 'https://idp.example/keys' }).AUTH_JWKS_URI).toBe('https://idp.example/keys');
    });

    it('lets development and tests use the development key, or a local http JWKS', () => {
      expect(load({}).AUTH_JWKS_URI).toBeUndefined();
      expect(load({ NODE_ENV: 'test', AUTH_JWKS_URI: 'http://127.0.0.1:4000/keys' }).AUTH_JWKS_URI).toBe('http://127.0.0.1:4000/keys');
    });

    it('refuses an unknown NODE_ENV rather than guessing it is not production', () => {
      expect(() => load({ NODE_ENV: 'prod' })).toThrow(/NODE_ENV/);
    });

    it.each([
      ['(default)', undefined, 86_400],
      ['seconds', '3600', 3_600],
      ['minutes', '90m', 5_400],
      ['hours', '24h', 86_400],
      ['days', '2d', 172_800],
    ])('reads AUTH_MAX_TOKEN_LIFETIME in %s', (_, value, seconds) => {
      expect(load(value === undefined ? {} : { AUTH_MAX_TOKEN_LIFETIME: value }).AUTH_MAX_TOKEN_LIFETIME).toBe(seconds);
    });

    it.each(['forever', '-5', '1.5h', '30', '31d'])('refuses AUTH_MAX_TOKEN_LIFETIME=%s, naming it', (value) => {
      expect(() => load({ AUTH_MAX_TOKEN_LIFETIME: value })).toThrow(/AUTH_MAX_TOKEN_LIFETIME/);
    });

    it('takes VENDOR_TENANT_ID as a tenant GUID, lower-cased, with the README\'s vendor tenant by default', () => {
      expect(load({}).VENDOR_TENANT_ID).toBe('72f988bf-86f1-41af-91ab-2d7cd011db47');
      expect(load({ VENDOR_TENANT_ID: 'AAAAAAAA-1111-4222-8333-444444444444' }).VENDOR_TENANT_ID).toBe('aaaaaaaa-1111-4222-8333-444444444444');
      expect(() => load({ VENDOR_TENANT_ID: 'contoso' })).toThrow(/VENDOR_TENANT_ID/);
    });
  });
});
