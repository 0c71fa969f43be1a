import { useEffect, useState } from 'preact/hooks';
import { firstPage, get, id, post, query, type ApiError } from '../api';
import { isCrossTenant, type AccessCheck, type AccessRequest, type Case, type Grant, type SignIn } from '../models';
import type { Person } from '../session';
import { linkedRequestId } from '../deep-link';
import { asApiError, ErrorNotice, Loaded, LoadedList, RefreshButton, Section, Status, When, useAction, useResource } from '../ui';
import { AccessRequests } from './access-requests';

/** A support engineer: my cases, whether I may read the customer's data now, reading it, asking for it, closing the case. */
export function EngineerScreen({ person }: { person: Person }) {
  const cases = useResource(() => firstPage<Case>('/api/v1/cases', { limit: 50 }), person.sub);
  const [selected, setSelected] = useState<string | null>(null);
  const linked = linkedRequestId();
  const [linkError, setLinkError] = useState<ApiError | null>(null);
  // The email's request: open its case, where the request is shown and focused.
  useEffect(() => {
    if (!linked) return;
    get<AccessRequest>(`/api/v1/access-requests/${id(linked)}`).then((request) => setSelected(request.caseId), (error) => setLinkError(asApiError(error)));
  }, [linked]);
  return (
    <>
      <Section title="Cases assigned to me" actions={<RefreshButton onClick={cases.reload} label="my cases" />}>
        <LoadedList resource={cases} what="your cases" label="My cases" emptyText={'No case is assigned to you.'}>
          {(item) => (<li class="item" key={item.id} aria-labelledby={`case-${item.id}`}>
                  <h3 id={`case-${item.id}`}>{item.title}</h3>
                  <p>
                    <Status value={item.status} /> Severity {item.severity} · {item.productArea} · tenant <code>{item.resourceTenantId}</code>
                  </p>
                  <button type="button" class="secondary" aria-describedby={`case-${item.id}`} aria-expanded={selected === item.id} onClick={() => setSelected(selected === item.id ? null : item.id)}>
                    {selected === item.id ? 'Hide details' : 'Work on this case'}
                  </button>
                </li>)}
        </LoadedList>
      </Section>
      {linkError && <ErrorNotice error={linkError} action="The access request your email links to could not be opened" />}
      {selected && <CaseWork key={selected} caseId={selected} onChanged={cases.reload} linkedRequest={linked} />}
    </>
  );
}

function consentOf(item: Case): string {
  if (isCrossTenant(item)) return "Does not apply: the data is another tenant's (each tenant approves an access request)";
  return item.allowAdvancedDiagnostics ? 'Given' : 'Not given';
}

function CaseWork({ caseId, onChanged, linkedRequest }: { caseId: string; onChanged: () => void; linkedRequest: string | null }) {
  const theCase = useResource(() => get<Case>(`/api/v1/cases/${id(caseId)}`), caseId);
  return (
    <Section title="Case" id="case-work">
      <Loaded resource={theCase} what="the case">
        {(item) => (
          <>
            <h3>{item.title}</h3>
            <dl class="facts">
              <dt>Status</dt>
              <dd>
                <Status value={item.status} />
              </dd>
              <dt>Description</dt>
              <dd>{item.description}</dd>
              <dt>Customer's consent to advanced diagnostics</dt>
              <dd>{consentOf(item)}</dd>
              <dt>Tenant</dt>
              <dd>
                <code>{item.resourceTenantId}</code>
              </dd>
              {isCrossTenant(item) && (
                <>
                  <dt>Filed from tenant</dt>
                  <dd>
                    <code>{item.requestTenantId}</code>
                  </dd>
                </>
              )}
            </dl>
            <AccessNow item={item} />
            <Diagnostics tenantId={item.resourceTenantId} />
            {item.status === 'open' && <AccessRequests item={item} linked={linkedRequest} />}
            <CloseCase
              item={item}
              onClosed={() => {
                theCase.reload();
                onChanged();
              }}
            />
          </>
        )}
      </Loaded>
    </Section>
  );
}

/**
 * Whether I may read the tenant's data now, and my access on this case. After the case closes
 * the access service ends the access on its own (an event): ask again until it has.
 */
function AccessNow({ item }: { item: Case }) {
  const key = `${item.id}:${item.status}`;
  const check = useResource(() => get<AccessCheck>(`/api/v1/access-grants/check${query({ tenantId: item.resourceTenantId })}`), key);
  const grants = useResource(
    () => firstPage<Grant>('/api/v1/access-grants', { caseId: item.id, limit: 100 }).then((page) => page.items),
    key,
  );
  const ending = item.status === 'closed' && grants.state === 'ready' && grants.data.some((grant) => grant.status === 'active');
  const [attempts, setAttempts] = useState(0);
  useEffect(() => {
    if (!ending || attempts >= 30) return;
    const timer = setTimeout(() => {
      setAttempts(attempts + 1);
      check.reload();
      grants.reload();
    }, 1000);
    return () => clearTimeout(timer);
  }, [ending, attempts]);
  return (
    <div class="subsection">
      <div class="card-head">
        <h4>May I read now?</h4>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            check.reload();
            grants.reload();
          }}
        >
          Check again
        </button>
      </div>
      <div aria-live="polite">
        <Loaded resource={check} what="your access">
          {(answer) =>
            answer.allowed ? (
              <p class="notice ok">
                You may read this tenant's diagnostic data now ({answer.basis === 'consent' ? "the customer's consent" : 'an approved request'}), until{' '}
                <When at={answer.expiresAt} />.
              </p>
            ) : (
              <p class="notice">You may not read this tenant's diagnostic data now.</p>
            )
          }
        </Loaded>
        {ending && <p role="status">The case is closed; your access is ending…</p>}
      </div>
      <Loaded resource={grants} what="your access on this case" empty={(list) => (list.length === 0 ? 'You have had no access on this case.' : null)}>
        {(list) => (
          <ul class="items compact" aria-label="My access on this case">
            {list.map((grant) => (
              <li key={grant.id} class="item">
                Access by {grant.basis === 'consent' ? 'consent' : 'approved request'}: <Status value={grant.status} />
                {grant.endedAt && (
                  <>
                    {' '}
                    — ended <When at={grant.endedAt} /> ({grant.endReason ?? 'unknown reason'})
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </div>
  );
}

function Diagnostics({ tenantId }: { tenantId: string }) {
  const action = useAction();
  const [records, setRecords] = useState<SignIn[] | null>(null);
  return (
    <div class="subsection">
      <div class="card-head">
        <h4>Diagnostic data: sign-ins</h4>
        <button
          type="button"
          disabled={action.busy}
          onClick={() => {
            setRecords(null);
            void action.run(async () => setRecords((await firstPage<SignIn>(`/api/v1/tenants/${id(tenantId)}/diagnostics/sign-ins`, { limit: 10 })).items));
          }}
        >
          Read sign-in records
        </button>
      </div>
      <p class="hint">Read-only. Every read is recorded in the customer's audit trail.</p>
      <div aria-live="polite">
        {action.busy && <p role="status">Reading…</p>}
        {action.error && <ErrorNotice error={action.error} action="Reading refused" />}
        {records &&
          (records.length === 0 ? (
            <p class="empty">The tenant has no sign-in records.</p>
          ) : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label="Sign-in records">
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">User</th>
                    <th scope="col">Application</th>
                    <th scope="col">Address</th>
                    <th scope="col">Result</th>
                  </tr>
                </thead>
                <tbody>
                  {records.map((record) => (
                    <tr key={record.id}>
                      <td>
                        <When at={record.createdDateTime} />
                      </td>
                      <td>{record.userPrincipalName}</td>
                      <td>{record.appDisplayName}</td>
                      <td>{record.ipAddress}</td>
                      <td>{record.status.errorCode === 0 ? 'success' : (record.status.failureReason ?? `error ${record.status.errorCode}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </div>
    </div>
  );
}

function CloseCase({ item, onClosed }: { item: Case; onClosed: () => void }) {
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  if (item.status !== 'open')
    return (
      <p class="notice" role="status">
        Closed <When at={item.closedAt} />. Closing a case ends every access to the customer's data for it.
      </p>
    );
  return (
    <div class="subsection">
      {action.error && <ErrorNotice error={action.error} action="Not closed" />}
      {confirming ? (
        <div class="actions" role="group" aria-label="Confirm closing">
          <span>Close the case? Your access to the customer's data for it ends.</span>
          <button type="button" class="danger" disabled={action.busy} onClick={() => void action.run(() => post(`/api/v1/cases/${id(item.id)}/close`)).then((done) => done && onClosed())}>
            Close case
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Keep it open
          </button>
        </div>
      ) : (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          Close case…
        </button>
      )}
    </div>
  );
}

