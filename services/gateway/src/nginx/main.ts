import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import { exitOnBootFailure } from '@support-hub/platform';
import { loadGatewayConfig, upstreamsOf } from '../config/gateway.config';
import { consoleConfigOf } from '../console/console-config';
import { DEPLOYMENT_NGINX } from './deployments';
import { nginxConfig } from './nginx-config';

/**
 * `npm run -s gateway:nginx > nginx.conf`: the production gateway's configuration, from the same
 * settings as the embedded gateway (PORT, <SERVICE>_URL, CORS_ORIGINS, BODY_LIMIT_BYTES,
 * UPSTREAM_TIMEOUT_MS) plus NGINX_RUNTIME_DIR for an unprivileged nginx with a read-only root.
 * `-- compose` or `-- kubernetes` prints the committed configuration of that deployment.
 */
function main(): void {
  const target = process.argv[2];
  // The console's sign-in is fixed in the generated file: with OIDC_ISSUER and OIDC_CLIENT_ID set, OpenID Connect.
  const consoleConfig = consoleConfigOf({ ...process.env, OIDC_SCOPE: process.env.OIDC_SCOPE || 'openid profile email' }, false);
  if (target === 'compose' || target === 'kubernetes') return void process.stdout.write(nginxConfig({ ...DEPLOYMENT_NGINX[target], consoleConfig }));
  if (target !== undefined) throw new Error(`unknown target ${target}: use compose, kubernetes or none (settings from the environment)`);
  const config = loadGatewayConfig();
  const upstreams = Object.fromEntries(SERVICE_NAMES.map((service) => [service, upstreamsOf(config, service).map((url) => new URL(url).host)]));
  process.stdout.write(
    nginxConfig({
      listen: String(config.PORT),
      upstreams: upstreams as Record<ServiceName, string[]>,
      bodyLimitBytes: config.BODY_LIMIT_BYTES,
      corsOrigins: config.CORS_ORIGINS,
      upstreamTimeoutSeconds: Math.ceil(config.UPSTREAM_TIMEOUT_MS / 1000),
      runtimeDir: process.env.NGINX_RUNTIME_DIR || undefined,
    }),
  );
}

try {
  main();
} catch (error) {
  exitOnBootFailure(error);
}
