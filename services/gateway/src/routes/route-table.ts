import type { ServiceName } from '@support-hub/contracts';

/** A path prefix and the service that answers every path under it. `{name}` is one path segment. */
export interface Route {
  prefix: string;
  service: ServiceName;
}

/**
 * Which service answers which path: the one place this is written. The gateway's proxy routes,
 * the production nginx configuration and the merged OpenAPI document are all made from it, and a
 * test checks it against the four services' own documents (every operation routed to its owner).
 *
 * Order matters: a longer prefix comes before a shorter one it extends, because one resource's
 * paths are split across services (`/workspaces/{id}` is the workspace service's, its
 * `/invitations` the invitation service's, its `/cases` the case service's).
 */
export const ROUTES: readonly Route[] = [
  { prefix: '/api/v1/workspaces/{id}/invitations', service: 'invitation' },
  { prefix: '/api/v1/workspaces/{id}/cases', service: 'case' },
  { prefix: '/api/v1/workspaces', service: 'workspace' },
  { prefix: '/api/v1/contracts', service: 'workspace' },
  { prefix: '/api/v1/activity', service: 'workspace' },
  // Every service answers /me (it proves that service's auth chain); through the gateway, one does.
  { prefix: '/api/v1/me', service: 'workspace' },
  { prefix: '/api/v1/invitations', service: 'invitation' },
  { prefix: '/api/v1/cases', service: 'case' },
  { prefix: '/api/v1/engineers', service: 'case' },
  { prefix: '/api/v1/access-requests', service: 'access' },
  { prefix: '/api/v1/access-grants', service: 'access' },
  { prefix: '/api/v1/tenants', service: 'access' },
  { prefix: '/api/v1/audit', service: 'access' },
];

/** A prefix as a regular expression over a path: the prefix itself, or it followed by `/…`. */
export function prefixPattern(prefix: string): string {
  return `^${prefix.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}(/|$)`;
}

const MATCHERS = ROUTES.map((route) => ({ route, pattern: new RegExp(prefixPattern(route.prefix)) }));

/** The service that answers a path (OpenAPI `{param}` templates included), or undefined: the gateway answers 404. */
export function serviceOfPath(path: string): ServiceName | undefined {
  return MATCHERS.find(({ pattern }) => pattern.test(path))?.route.service;
}

/**
 * The web console's pages (console/src/router.tsx's Route): each is answered with the console's
 * index.html, which routes in the browser. Listed, not a catch-all, so an unknown path stays a
 * 404 and no console page can shadow /api/v1, /docs or /health.
 */
export const CONSOLE_PAGES: readonly string[] = ['/', '/sign-in', '/sign-in/callback', '/admin', '/activity', '/people', '/customer', '/engineer', '/csam', '/manager', '/invitations/accept'];
