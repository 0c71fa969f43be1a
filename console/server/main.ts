import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_VENDOR_TENANT_ID } from '@support-hub/platform';
import { buildConsoleServer } from './console-server';

/**
 * `node dist/console/server/main.js` (started by `npm start`): the console at
 * http://127.0.0.1:8080/ in front of the four services. Replaced by the API gateway (issue 15).
 */
const serviceUrl = (port: number) => z.url().default(`http://127.0.0.1:${port}`);
const config = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    CONSOLE_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    CONSOLE_DIST_DIR: z.string().optional(),
    WORKSPACE_URL: serviceUrl(3001),
    INVITATION_URL: serviceUrl(3002),
    CASE_URL: serviceUrl(3003),
    ACCESS_URL: serviceUrl(3004),
    DATA_DIR: z.string().min(1).default('.data'),
    AUTH_DEV_KEY_FILE: z.string().optional(),
    AUTH_ISSUER: z.string().min(1).default('support-hub-dev'),
    AUTH_AUDIENCE: z.string().min(1).default('support-hub'),
    VENDOR_TENANT_ID: z.guid().transform((id) => id.toLowerCase()).default(DEFAULT_VENDOR_TENANT_ID),
  })
  .parse(process.env);

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..', '..');
  const app = await buildConsoleServer({
    staticDir: config.CONSOLE_DIST_DIR ?? join(root, 'console', 'dist'),
    services: { workspace: config.WORKSPACE_URL, invitation: config.INVITATION_URL, case: config.CASE_URL, access: config.ACCESS_URL },
    devSignIn:
      config.NODE_ENV === 'production'
        ? null
        : {
            keyFile: config.AUTH_DEV_KEY_FILE ?? join(resolve(root, config.DATA_DIR), 'dev-jwt.key'),
            issuer: config.AUTH_ISSUER,
            audience: config.AUTH_AUDIENCE,
            vendorTenantId: config.VENDOR_TENANT_ID,
            ttlSeconds: 3600,
          },
  });
  const address = await app.listen({ host: config.HOST, port: config.CONSOLE_PORT });
  process.stdout.write(`console listening at ${address}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`console: ${error.message}\n`);
  process.exit(1);
});
