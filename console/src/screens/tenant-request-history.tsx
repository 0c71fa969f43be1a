import { useState } from 'preact/hooks';
import { firstPage } from '../api';
import { isCrossTenant, type AccessRequest } from '../models';
import { FilterSelect, LoadedList, RefreshButton, Section, Status, When, useResource } from '../ui';

const STATUSES: AccessRequest['status'][] = ['pending', 'approved', 'rejected', 'completed', 'removed', 'expired', 'cancelled'];

/**
 * Every access request of the tenant, newest first, by status, as the access service shows them
 * to this tenant. A request about another tenant's data is shown as that tenant lets us see it:
 * whether its administrator removed the access is theirs to know, not ours.
 */
export function RequestHistory({ tenant, version }: { tenant: string; version: number }) {
  const [status, setStatus] = useState<AccessRequest['status'] | ''>('');
  const requests = useResource(
    () => firstPage<AccessRequest>('/api/v1/access-requests', { tenantId: tenant, status, limit: 50 }),
    `${tenant}:${status}:${version}`,
  );
  return (
    <Section title="Access requests of your tenant" actions={<RefreshButton onClick={requests.reload} label="access requests of your tenant" />}>
      <FilterSelect id="history-status" label="Status" value={status} any="Any status (the newest 50)" options={STATUSES} onChange={setStatus} />
      <LoadedList resource={requests} what="the access requests" label="Access requests of your tenant" emptyText="No access request of your tenant has this status.">
        {(request) => (
          <li class="item" key={request.id} aria-labelledby={`history-${request.id}`}>
            <h3 id={`history-${request.id}`}>Access request for case {request.caseId}</h3>
            <p>
              <Status value={request.status} /> {request.engineerId} · asked <When at={request.createdAt} />
            </p>
            <dl class="facts">
              <dt>Justification</dt>
              <dd>{request.justification}</dd>
              <TenantsOf request={request} tenant={tenant} />
              <dt>Approvals</dt>
              <dd>
                {request.approvals.length} of {request.requiredApprovals.length}
              </dd>
              {request.rejection && (
                <>
                  <dt>Rejected</dt>
                  <dd>{request.rejection.reason ?? 'no reason given'}</dd>
                </>
              )}
              {request.endedAt && (
                <>
                  <dt>Ended</dt>
                  <dd>
                    <When at={request.endedAt} /> ({request.endReason ?? 'unknown reason'})
                  </dd>
                </>
              )}
            </dl>
          </li>
        )}
      </LoadedList>
    </Section>
  );
}

/** Facts of a cross-tenant request (the case filed by one tenant about another's data); nothing for a request within one tenant. */
export function TenantsOf({ request, tenant }: { request: AccessRequest; tenant: string }) {
  if (!isCrossTenant(request)) return null;
  return (
    <>
      <dt>Data of tenant</dt>
      <dd>
        <code>{request.resourceTenantId}</code>
        {request.resourceTenantId === tenant && ' (yours)'}
      </dd>
      <dt>Case filed from tenant</dt>
      <dd>
        <code>{request.requestTenantId}</code>
        {request.requestTenantId === tenant && ' (yours)'}
      </dd>
    </>
  );
}
