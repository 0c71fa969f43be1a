import type { NginxConfigOptions } from './nginx-config';

const CONTAINER_DEFAULTS = {
  listen: '8080',
  bodyLimitBytes: 65_536,
  corsOrigins: [],
  upstreamTimeoutSeconds: 30,
  // nginxinc/nginx-unprivileged runs as uid 101 with a read-only root: pid and buffers in /tmp.
  runtimeDir: '/tmp',
} satisfies Omit<NginxConfigOptions, 'upstreams'>;

/**
 * The committed configurations of the production gateway: deploy/nginx/nginx.conf (compose:
 * services by their compose names) and the ConfigMap in deploy/kubernetes/gateway.yaml (services by
 * their Kubernetes Service names). A test keeps both equal to what the route table makes now.
 */
export const DEPLOYMENT_NGINX: Record<'compose' | 'kubernetes', NginxConfigOptions> = {
  compose: {
    ...CONTAINER_DEFAULTS,
    // docker-compose.yml mounts the built console/dist here (`npm run console:build` first).
    consoleRoot: '/usr/share/nginx/console',
    upstreams: { workspace: ['workspace:3001'], invitation: ['invitation:3002'], case: ['case:3003'], access: ['access:3004'] },
  },
  kubernetes: {
    ...CONTAINER_DEFAULTS,
    upstreams: {
      workspace: ['support-hub-workspace:80'],
      invitation: ['support-hub-invitation:80'],
      case: ['support-hub-case:80'],
      access: ['support-hub-access:80'],
    },
  },
};
