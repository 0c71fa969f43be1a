import { z } from 'zod';
import { baseConfigSchema } from './base-config.schema';
import { ConfigError, loadConfig } from './load-config';

describe(loadConfig.name, () => {
  const schema = baseConfigSchema.extend({ PORT: z.coerce.number().int().default(3001) });

  it('applies defaults and coerces numbers', () => {
    const config = loadConfig(schema, { MONGODB_URI: 'mongodb://127.0.0.1:27017/x', AMQP_URL: 'amqp://u:p@127.0.0.1:5672', PORT: '4000' });
    expect(config.PORT).toBe(4000);
    expect(config.AMQP_USER_PREFIX).toBe('support-hub-');
    expect(config.LOG_REQUESTS).toBe(true);
  });

  it('names every bad or missing setting', () => {
    const attempt = () => loadConfig(schema, { PORT: 'eighty', AMQP_URL: 'http://nope' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/MONGODB_URI/);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/AMQP_URL: must be an amqp/);
  });

  it('trusts no proxy unless told, and takes a list of addresses and networks', () => {
    const uri = { MONGODB_URI: 'mongodb://127.0.0.1:27017/x', AMQP_URL: 'amqp://u:p@127.0.0.1:5672' };
    expect(loadConfig(schema, uri).TRUST_PROXY).toEqual([]);
    expect(loadConfig(schema, { ...uri, TRUST_PROXY: ' 10.0.0.0/8, 127.0.0.1,::1,fd00::/8 ' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1', '::1/129']) {
      expect(() => loadConfig(schema, { ...uri, TRUST_PROXY: bad })).toThrow(/TRUST_PROXY: must be comma-separated IP addresses or CIDR/);
    }
  });

  it('bounds the depth of JSON bodies', () => {
    const uri = { MONGODB_URI: 'mongodb://127.0.0.1:27017/x', AMQP_URL: 'amqp://u:p@127.0.0.1:5672' };
    expect(loadConfig(schema, uri).BODY_MAX_DEPTH).toBe(32);
    expect(() => loadConfig(schema, { ...uri, BODY_MAX_DEPTH: '0' })).toThrow(/BODY_MAX_DEPTH/);
  });

  describe('identity settings', () => {
    const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/x', AMQP_URL: 'amqp://u:p@127.0.0.1:5672' };
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
