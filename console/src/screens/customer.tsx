import { useState } from 'preact/hooks';
import { firstPage, id, patch, post } from '../api';
import { isCrossTenant, type Case, type Workspace } from '../models';
import type { Person } from '../session';
import { ErrorNotice, Field, formValues, LoadedList, RefreshButton, Section, Status, When, useAction, useResource } from '../ui';
import { MyCases } from './my-cases';

/** A customer's member: my workspaces, the cases in one, opening a case with or without consent. */
export function CustomerScreen({ person }: { person: Person }) {
  const workspaces = useResource(() => firstPage<Workspace>('/api/v1/workspaces', { limit: 100 }), person.sub);
  const [chosen, setChosen] = useState<string | null>(null);
  const current = workspaces.state === 'ready' ? (workspaces.data.items.find((w) => w.id === chosen) ?? workspaces.data.items[0]) : undefined;
  return (
    <>
      <Section title="My workspaces" actions={<RefreshButton onClick={workspaces.reload} label="my workspaces" />}>
        <LoadedList
          resource={workspaces}
          what="your workspaces"
          label="My workspaces"
          emptyText="You belong to no workspace yet. Accept the invitation you were emailed to join one."
        >
          {(workspace) => (
            <li class="item" key={workspace.id} aria-labelledby={`ws-${workspace.id}`}>
              <h3 id={`ws-${workspace.id}`}>
                {workspace.name} {workspace.isDefault && <span class="tag">default</span>}
              </h3>
              <p>
                You are {workspace.role === 'admin' ? 'an administrator' : 'a member'}. {workspace.purpose}
              </p>
              <button type="button" class="secondary" aria-describedby={`ws-${workspace.id}`} aria-pressed={current?.id === workspace.id} onClick={() => setChosen(workspace.id)}>
                Show its cases
              </button>
            </li>
          )}
        </LoadedList>
      </Section>
      {current && <WorkspaceCases key={current.id} workspace={current} person={person} />}
      <MyCases person={person} />
    </>
  );
}

function WorkspaceCases({ workspace, person }: { workspace: Workspace; person: Person }) {
  const cases = useResource(() => firstPage<Case>(`/api/v1/workspaces/${id(workspace.id)}/cases`, { limit: 100 }), workspace.id);
  return (
    <>
      <Section title={`Cases in ${workspace.name}`} id="workspace-cases" actions={<RefreshButton onClick={cases.reload} label="cases" />}>
        <LoadedList resource={cases} what="the cases" label="Cases" emptyText={'No case has been opened in this workspace.'}>
          {(item) => (<CaseItem key={item.id} item={item} person={person} onChange={cases.reload} />)}
        </LoadedList>
      </Section>
      <OpenCase workspace={workspace} person={person} onOpened={cases.reload} />
    </>
  );
}

function CaseItem({ item, person, onChange }: { item: Case; person: Person; onChange: () => void }) {
  const action = useAction();
  // Consent is the customer's: only a member of the case's tenant may give or withdraw it.
  const mayChangeConsent = item.status === 'open' && person.tid === item.resourceTenantId;
  return (
    <li class="item" aria-labelledby={`c-${item.id}`}>
      <h3 id={`c-${item.id}`}>{item.title}</h3>
      <p>
        <Status value={item.status} /> Severity {item.severity} · {item.productArea} · opened <When at={item.openedAt} />
      </p>
      <p>{item.assignedEngineerId ? `Assigned to engineer ${item.assignedEngineerId}.` : 'Waiting for an engineer.'}</p>
      {isCrossTenant(item) ? (
        <p>
          About the data of tenant <code>{item.resourceTenantId}</code>: read only through an access request approved by an administrator of each tenant.
        </p>
      ) : (
        <p>Advanced diagnostics: {item.allowAdvancedDiagnostics ? 'allowed' : 'not allowed'}.</p>
      )}
      {action.error && <ErrorNotice error={action.error} action="Not changed" />}
      {mayChangeConsent && (
        <button
          type="button"
          class="secondary"
          disabled={action.busy}
          aria-describedby={`c-${item.id}`}
          onClick={() => void action.run(() => patch(`/api/v1/cases/${id(item.id)}`, { allowAdvancedDiagnostics: !item.allowAdvancedDiagnostics })).then((done) => done && onChange())}
        >
          {item.allowAdvancedDiagnostics ? 'Withdraw consent' : 'Allow advanced diagnostics'}
        </button>
      )}
    </li>
  );
}

function OpenCase({ workspace, person, onOpened }: { workspace: Workspace; person: Person; onOpened: () => void }) {
  const action = useAction();
  const [consent, setConsent] = useState(false);
  const [otherTenant, setOtherTenant] = useState('');
  const [opened, setOpened] = useState<Case | null>(null);
  // Another tenant's data: the access service never grants by consent on such a case (consent is
  // the filing tenant's, about its own data), so the switch is off and says why.
  const other = otherTenant.trim();
  const resourceTenantId = other && other !== person.tid ? other : undefined;
  const tenantRefused = action.error?.fields.includes('resourceTenantId') ?? false;
  const consentMeaning = resourceTenantId
    ? "Not for another tenant's data: your consent covers only your own tenant. The engineer files an access request, and nobody reads that tenant's data until an administrator of your tenant and one of that tenant have each approved it."
    : consent
      ? "On: the engineer assigned to this case may read your tenant's diagnostic data (sign-in and audit records), read-only, while the case is open. Every read is recorded in your tenant's audit trail. You can withdraw it at any time; closing the case ends it."
      : "Off: nobody reads your tenant's diagnostic data unless the engineer asks and an administrator of your tenant approves the request.";
  return (
    <Section title="Open a case" id="open-case">
      <form
        onSubmit={(event) => {
          const form = event.currentTarget;
          const values = formValues(event);
          setOpened(null);
          void action
            .run(() =>
              post<Case>(`/api/v1/workspaces/${id(workspace.id)}/cases`, {
                title: values.title,
                description: values.description,
                severity: values.severity,
                productArea: values.productArea,
                ...(resourceTenantId ? { resourceTenantId } : {}),
                allowAdvancedDiagnostics: consent && !resourceTenantId,
              }),
            )
            .then((created) => {
              if (!created) return;
              setOpened(created.value);
              form.reset();
              setConsent(false);
              setOtherTenant('');
              onOpened();
            });
        }}
      >
        <div class="grid">
          <Field id="case-title" label="Title">
            <input id="case-title" name="title" required maxLength={200} autoComplete="off" />
          </Field>
          <Field id="case-area" label="Product area" hint="For example identity, exchange, teams.">
            <input id="case-area" name="productArea" required maxLength={100} list="product-areas" aria-describedby="case-area-hint" autoComplete="off" />
            <datalist id="product-areas">
              <option value="identity" />
              <option value="exchange" />
              <option value="teams" />
              <option value="sharepoint" />
            </datalist>
          </Field>
          <Field id="case-severity" label="Severity">
            <select id="case-severity" name="severity" required>
              <option value="C">C — minimal business impact</option>
              <option value="B">B — moderate business impact</option>
              <option value="A">A — critical business impact</option>
            </select>
          </Field>
        </div>
        <Field id="case-description" label="What is happening">
          <textarea id="case-description" name="description" required rows={3} maxLength={10000} />
        </Field>
        <Field
          id="case-resource-tenant"
          label="Tenant whose data is involved, if not yours (optional)"
          hint="The directory tenant id of another organisation (a subsidiary, a partner) when the problem is in its tenant: letters, digits, '.', '_' or '-'. Leave empty for your own tenant."
        >
          <input
            id="case-resource-tenant"
            name="resourceTenantId"
            maxLength={100}
            value={otherTenant}
            onInput={(event) => setOtherTenant(event.currentTarget.value)}
            aria-describedby="case-resource-tenant-hint"
            aria-invalid={tenantRefused}
            autoComplete="off"
          />
        </Field>
        <div class="switch-field">
          <input
            id="case-consent"
            type="checkbox"
            role="switch"
            checked={consent && !resourceTenantId}
            disabled={Boolean(resourceTenantId)}
            onChange={(event) => setConsent(event.currentTarget.checked)}
            aria-describedby="case-consent-meaning"
          />
          <label for="case-consent">Allow advanced diagnostics</label>
          <p id="case-consent-meaning" class="hint">
            {consentMeaning}
          </p>
        </div>
        {action.error && <ErrorNotice error={action.error} action="Case not opened" />}
        <button type="submit" disabled={action.busy}>
          Open case
        </button>
        {opened && (
          <p class="notice ok" role="status">
            Case “{opened.title}” opened{opened.assignedEngineerId ? ` and assigned to ${opened.assignedEngineerId}` : '; an engineer will be assigned'}.
          </p>
        )}
      </form>
    </Section>
  );
}
