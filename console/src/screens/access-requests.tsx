import { firstPage, post } from '../api';
import { linkedItemProps, useFocusWhenLinked } from '../deep-link';
import type { AccessRequest, Case } from '../models';
import { ErrorNotice, Field, formValues, Loaded, RefreshButton, Status, When, useAction, useResource } from '../ui';

/** My access requests on a case and filing one; the one an email links to is shown focused. */
export function AccessRequests({ item, linked }: { item: Case; linked: string | null }) {
  const mine = useResource(
    () => firstPage<AccessRequest>('/api/v1/access-requests', { caseId: item.id, limit: 100 }).then((page) => page.items),
    item.id,
  );
  const file = useAction();
  return (
    <div class="subsection">
      <div class="card-head">
        <h4>Access requests</h4>
        <RefreshButton onClick={mine.reload} label="access requests" />
      </div>
      <Loaded resource={mine} what="your access requests" empty={(list) => (list.length === 0 ? 'You have not asked for access on this case.' : null)}>
        {(list) => (
          <ul class="items compact" aria-label="My access requests">
            {list.map((request) => (
              <RequestItem key={request.id} request={request} linked={request.id === linked} />
            ))}
          </ul>
        )}
      </Loaded>
      <form
        onSubmit={(event) => {
          const form = event.currentTarget;
          const values = formValues(event);
          const hours = values.durationHours ? Number(values.durationHours) : undefined;
          void file
            .run(() => post<AccessRequest>('/api/v1/access-requests', { caseId: item.id, resourceTenantId: item.resourceTenantId, justification: values.justification, ...(hours ? { durationHours: hours } : {}) }))
            .then((created) => {
              if (!created) return;
              form.reset();
              mine.reload();
            });
        }}
      >
        <Field id="justification" label="Why you need access" hint="The tenant's administrators read this before they approve.">
          <textarea id="justification" name="justification" required rows={2} maxLength={2000} aria-describedby="justification-hint" />
        </Field>
        <Field id="duration" label="For how many hours (optional)">
          <input id="duration" name="durationHours" type="number" min={1} max={8760} inputMode="numeric" />
        </Field>
        {file.error && <ErrorNotice error={file.error} action="Request not filed" />}
        <button type="submit" disabled={file.busy}>
          File access request
        </button>
      </form>
    </div>
  );
}

function RequestItem({ request, linked }: { request: AccessRequest; linked: boolean }) {
  const ref = useFocusWhenLinked<HTMLLIElement>(linked);
  return (
    <li ref={ref} {...linkedItemProps(linked)}>
      {linked && <span class="tag">from your email</span>} <Status value={request.status} /> {request.justification} · {request.durationHours} h · asked{' '}
      <When at={request.createdAt} />
      {request.status === 'pending' && request.requiredApprovals.length > 1 && (
        <> · {request.approvals.length} of {request.requiredApprovals.length} tenants approved</>
      )}
      {request.rejection && <> — rejected{request.rejection.reason ? `: ${request.rejection.reason}` : ''}</>}
    </li>
  );
}
