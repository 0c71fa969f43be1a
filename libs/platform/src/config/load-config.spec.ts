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
});
