import { useState } from 'preact/hooks';
import { firstPage, del, id, post } from '../api';
import type { AccessRequest, AuditRecord, Grant } from '../models';
import type { Person } from '../session';
import { linkedItemProps, linkedRequestId, useFocusWhenLinked } from '../deep-link';
import { ErrorNotice, Field, FilterSelect, formValues, Loaded, LoadedList, RefreshButton, Section, ShowMore, When, useAction, useMore, useResource } from '../ui';
import { RequestHistory, TenantsOf } from './tenant-request-history';

const AUDIT_ACTIONS = [
  'request.created',
  'request.approved',
  'request.rejected',
  'request.cancelled',
  'request.expired',
  'grant.created',
  'grant.removed',
  'grant.completed',
  'grant.expired',
  'grant.revoked',
  'diagnostics.read',
  'diagnostics.read-refused',
];

const hoursBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 3_600_000);

/** An administrator of a customer tenant: who asks for access to our data, who has it, and what happened. */
export function TenantAdminScreen({ person }: { person: Person }) {
  const tenant = person.tid;
  const pending = useResource(() => firstPage<AccessRequest>('/api/v1/access-requests', { tenantId: tenant, status: 'pending', limit: 50 }), tenant);
  const grants = useResource(() => firstPage<Grant>('/api/v1/access-grants', { tenantId: tenant, status: 'active', limit: 50 }), tenant);
  // Each approval, rejection or removal: the history and the audit trail load again.
  const [changes, setChanges] = useState(0);
  const linked = linkedRequestId();
  const linkedGone = linked !== null && pending.state === 'ready' && !pending.data.items.some((request) => request.id === linked);
  const changed = () => {
    pending.reload();
    grants.reload();
    setChanges((n) => n + 1);
  };
  return (
    <>
      <p class="lead">
        Tenant <code>{tenant}</code>. Support engineers read your tenant's diagnostic data only with your consent on a case or a request you approve; closing the
        case ends the access.
      </p>
      <Section title="Pending access requests" actions={<RefreshButton onClick={pending.reload} label="pending access requests" />}>
        {linkedGone && (
          <p class="notice" role="status">
            The request your email links to is no longer waiting for your tenant: it was answered, it expired, or it is not your tenant's.
          </p>
        )}
        <LoadedList resource={pending} what="pending access requests" label="Pending access requests" emptyText={'No access request is waiting for your tenant.'}>
          {(request) => (<PendingRequest key={request.id} request={request} tenant={tenant} onChange={changed} linked={request.id === linked} />)}
        </LoadedList>
      </Section>
      <Section title="Live access to your tenant" actions={<RefreshButton onClick={grants.reload} label="live access" />}>
        <LoadedList resource={grants} what="live access" label="Live access" emptyText={'Nobody has access to your tenant right now.'}>
          {(grant) => (<LiveGrant key={grant.id} grant={grant} onChange={changed} />)}
        </LoadedList>
      </Section>
      <RequestHistory tenant={tenant} version={changes} />
      <AuditTrail key={changes} tenant={tenant} />
    </>
  );
}

function PendingRequest({ request, tenant, onChange, linked }: { request: AccessRequest; tenant: string; onChange: () => void; linked: boolean }) {
  const action = useAction();
  const ref = useFocusWhenLinked<HTMLLIElement>(linked);
  const [rejecting, setRejecting] = useState(false);
  const approvedByUs = request.approvals.some((approval) => approval.tenantId === tenant);
  const headingId = `request-${request.id}`;
  return (
    <li ref={ref} {...linkedItemProps(linked)} aria-labelledby={headingId}>
      <h3 id={headingId}>
        Access request for case {request.caseId} {linked && <span class="tag">from your email</span>}
      </h3>
      <dl class="facts">
        <dt>Engineer</dt>
        <dd>{request.engineerId}</dd>
        <dt>Justification</dt>
        <dd>{request.justification}</dd>
        <dt>Requested duration</dt>
        <dd>{request.durationHours} hours</dd>
        <TenantsOf request={request} tenant={tenant} />
        <dt>Approvals</dt>
        <dd>
          {request.approvals.length} of {request.requiredApprovals.length}
          {request.requiredApprovals.length > 1 && ' (a cross-tenant request: each tenant approves)'}
        </dd>
        <dt>Unanswered, it expires</dt>
        <dd>
          <When at={request.expiresAt} />
        </dd>
      </dl>
      {action.error && <ErrorNotice error={action.error} action="Not done" />}
      {approvedByUs ? (
        <p class="muted">Your tenant approved; waiting for the other tenant's administrator.</p>
      ) : rejecting ? (
        <form
          onSubmit={(event) => {
            const { reason } = formValues(event);
            void action.run(() => post(`/api/v1/access-requests/${id(request.id)}/reject`, reason.trim() ? { reason: reason.trim() } : {})).then((done) => done && onChange());
          }}
        >
          <Field id={`reason-${request.id}`} label="Reason for rejecting" hint="The engineer sees it.">
            <textarea id={`reason-${request.id}`} name="reason" rows={2} maxLength={1000} aria-describedby={`reason-${request.id}-hint`} />
          </Field>
          <div class="actions">
            <button type="submit" class="danger" disabled={action.busy}>
              Reject request
            </button>
            <button type="button" class="secondary" onClick={() => setRejecting(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <form
          class="actions"
          aria-label="Approve or reject"
          onSubmit={(event) => {
            // Empty: the requested duration; a number: a shorter one (the service refuses a longer one).
            const hours = formValues(event).hours.trim();
            const body = hours ? { durationHours: Number(hours) } : undefined;
            void action.run(() => post(`/api/v1/access-requests/${id(request.id)}/approve`, body)).then((done) => done && onChange());
          }}
        >
          <Field id={`hours-${request.id}`} label="Approve for fewer hours (optional)">
            <input id={`hours-${request.id}`} name="hours" type="number" min={1} max={request.durationHours} step={1} inputMode="numeric" />
          </Field>
          <button type="submit" disabled={action.busy} aria-describedby={headingId}>
            Approve
          </button>
          <button type="button" class="secondary" aria-describedby={headingId} onClick={() => setRejecting(true)}>
            Reject…
          </button>
        </form>
      )}
    </li>
  );
}

function LiveGrant({ grant, onChange }: { grant: Grant; onChange: () => void }) {
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  const headingId = `grant-${grant.id}`;
  return (
    <li class="item" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {grant.engineerId} on case {grant.caseId}
      </h3>
      <dl class="facts">
        <dt>Basis</dt>
        <dd>{grant.basis === 'consent' ? 'the customer consented on the case' : 'an approved access request'}</dd>
        <dt>Since</dt>
        <dd>
          <When at={grant.grantedAt} />
        </dd>
        <dt>Ends at the latest</dt>
        <dd>
          <When at={grant.expiresAt} /> ({hoursBetween(grant.grantedAt, grant.expiresAt)} hours after it began)
        </dd>
      </dl>
      {action.error && <ErrorNotice error={action.error} action="Not removed" />}
      {confirming ? (
        <div class="actions" role="group" aria-label="Confirm removal">
          <span>Remove this access now? The engineer can no longer read your data.</span>
          <button type="button" class="danger" disabled={action.busy} onClick={() => void action.run(() => del(`/api/v1/access-grants/${id(grant.id)}`)).then((done) => done && onChange())}>
            Remove access
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <div class="actions">
          <button type="button" class="secondary" aria-describedby={headingId} onClick={() => setConfirming(true)}>
            Remove…
          </button>
        </div>
      )}
    </li>
  );
}

function AuditTrail({ tenant }: { tenant: string }) {
  const [filters, setFilters] = useState({ action: '', caseId: '' });
  const first = useResource(() => firstPage<AuditRecord>('/api/v1/audit', { tenantId: tenant, limit: 100 }), tenant);
  const older = useMore(first.state === 'ready' ? first.data : undefined);
  const all = older.items;
  const shown = all.filter((record) => (!filters.action || record.action === filters.action) && (!filters.caseId || record.caseId?.includes(filters.caseId.trim())));
  return (
    <Section title="Audit trail" actions={<RefreshButton onClick={first.reload} label="audit trail" />}>
      <div class="filters grid" role="search" aria-label="Filter the audit trail">
        <FilterSelect id="audit-action" label="Action" value={filters.action} any="All actions" options={AUDIT_ACTIONS} onChange={(action) => setFilters({ ...filters, action })} />
        <Field id="audit-case" label="Case id">
          <input id="audit-case" value={filters.caseId} onInput={(event) => setFilters({ ...filters, caseId: event.currentTarget.value })} autoComplete="off" />
        </Field>
      </div>
      <Loaded resource={first} what="the audit trail" empty={() => (all.length === 0 ? 'Nothing has been recorded for your tenant yet.' : null)}>
        {() => (
          <>
            {shown.length === 0 ? (
              <p class="empty">No record matches these filters.</p>
            ) : (
              <div class="table-wrap" tabIndex={0} role="region" aria-label="Audit records">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Action</th>
                      <th scope="col">Who</th>
                      <th scope="col">Case</th>
                      <th scope="col">Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((record) => (
                      <tr key={record.id}>
                        <td>
                          <When at={record.at} />
                        </td>
                        <td>{record.action}</td>
                        <td>{record.actorId}</td>
                        <td>{record.caseId ?? '—'}</td>
                        <td>{record.reason ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <ShowMore what="the audit trail" paging={older} />
          </>
        )}
      </Loaded>
    </Section>
  );
}
