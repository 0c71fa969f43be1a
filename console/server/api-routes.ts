/**
 * Which service answers a public `/api/v1` path: the route table of DESIGN.md §8 by path
 * prefix. This file stands in for the API gateway's route table (issue 15) until it is merged;
 * then the gateway serves the console and this table goes.
 */
export type ServiceName = 'workspace' | 'invitation' | 'case' | 'access';

// Most specific first: a workspace's invitations and cases live in other services.
const ROUTES: ReadonlyArray<readonly [RegExp, ServiceName]> = [
  [/^\/api\/v1\/workspaces\/[^/?#]+\/invitations(?=[/?#]|$)/, 'invitation'],
  [/^\/api\/v1\/workspaces\/[^/?#]+\/cases(?=[/?#]|$)/, 'case'],
  [/^\/api\/v1\/(contracts|workspaces|activity)(?=[/?#]|$)/, 'workspace'],
  [/^\/api\/v1\/invitations(?=[/?#]|$)/, 'invitation'],
  [/^\/api\/v1\/(cases|engineers)(?=[/?#]|$)/, 'case'],
  [/^\/api\/v1\/(access-requests|access-grants|tenants|audit)(?=[/?#]|$)/, 'access'],
];

/** The service for a request URL (path and query), or null when no public route starts so. */
export function serviceForPath(url: string): ServiceName | null {
  for (const [pattern, service] of ROUTES) if (pattern.test(url)) return service;
  return null;
}
