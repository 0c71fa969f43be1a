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
});
