import { serviceForPath } from './api-routes';

describe(serviceForPath.name, () => {
  it.each([
    ['/api/v1/contracts', 'workspace'],
    ['/api/v1/contracts/c1/activate', 'workspace'],
    ['/api/v1/workspaces', 'workspace'],
    ['/api/v1/workspaces?limit=5', 'workspace'],
    ['/api/v1/workspaces/w1/members/u1', 'workspace'],
    ['/api/v1/activity?workspaces=all', 'workspace'],
    ['/api/v1/workspaces/w1/invitations', 'invitation'],
    ['/api/v1/invitations/accept', 'invitation'],
    ['/api/v1/workspaces/w1/cases?status=open', 'case'],
    ['/api/v1/cases/k1/close', 'case'],
    ['/api/v1/engineers', 'case'],
    ['/api/v1/access-requests?tenantId=t&status=pending', 'access'],
    ['/api/v1/access-grants/check?tenantId=t', 'access'],
    ['/api/v1/tenants/t/diagnostics/sign-ins', 'access'],
    ['/api/v1/audit?tenantId=t', 'access'],
  ])('sends %s to %s', (path, service) => {
    expect(serviceForPath(path)).toBe(service);
  });

  it.each(['/api/v1/casesX', '/api/v1/', '/api/v2/cases', '/docs', '/api/v1/workspacesevil/x/cases', '/x/api/v1/cases'])('knows no service for %s', (path) => {
    expect(serviceForPath(path)).toBeNull();
  });
});
