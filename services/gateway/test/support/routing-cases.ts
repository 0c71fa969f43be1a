import type { ServiceName } from '@support-hub/contracts';

/** Requests and the service that must answer them: the route table as both entry points must apply it. */
export const ROUTING_CASES: [method: string, url: string, service: ServiceName][] = [
  ['GET', '/api/v1/workspaces/6f1c2c1e-0000-4000-8000-000000000001', 'workspace'],
  ['GET', '/api/v1/workspaces/6f1c2c1e-0000-4000-8000-000000000001/invitations?status=pending', 'invitation'],
  ['POST', '/api/v1/workspaces/6f1c2c1e-0000-4000-8000-000000000001/cases', 'case'],
  ['GET', '/api/v1/workspaces/6f1c2c1e-0000-4000-8000-000000000001/members', 'workspace'],
  ['GET', '/api/v1/workspaces', 'workspace'],
  ['POST', '/api/v1/contracts/x/activate', 'workspace'],
  ['GET', '/api/v1/activity?workspaces=all', 'workspace'],
  ['GET', '/api/v1/me', 'workspace'],
  ['POST', '/api/v1/invitations/accept', 'invitation'],
  ['POST', '/api/v1/cases/x/close', 'case'],
  ['PATCH', '/api/v1/engineers/eng-1', 'case'],
  ['GET', '/api/v1/access-grants/check?tenantId=t', 'access'],
  ['POST', '/api/v1/access-requests/x/approve', 'access'],
  ['GET', '/api/v1/tenants/t/diagnostics/sign-ins?limit=2', 'access'],
  ['GET', '/api/v1/audit?tenantId=t', 'access'],
];

/** Paths no service owns: 404 in the error shape from the entry point itself. */
export const UNROUTED = ['/api/v1/workspacesX', '/api/v2/cases', '/', '/api/v1'];
