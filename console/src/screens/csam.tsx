import { useState } from 'preact/hooks';
import { firstPage, get, id, post } from '../api';
import type { Contract, Workspace } from '../models';
import type { Person } from '../session';
import { ManagedWorkspaces } from './csam-workspaces';
import { ErrorNotice, Field, formValues, RefreshButton, Section, Status, When, useAction, useResource } from '../ui';

const list = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
const isoDate = (date: string) => new Date(`${date}T00:00:00Z`).toISOString();

/** A CSAM or account coordinator: my contracts, a new one, activating it, more workspaces. */
export function CsamScreen({ person }: { person: Person }) {
  const listed = useResource(() => firstPage<Contract>('/api/v1/contracts', { limit: 100 }), person.sub);
  // Contracts made or opened in this tab, shown even where the API cannot list contracts.
  const [here, setHere] = useState<Contract[]>([]);
  const remember = (contract: Contract) => setHere((known) => [contract, ...known.filter((c) => c.id !== contract.id)]);
  const listedItems = listed.state === 'ready' ? listed.data.items : [];
  const contracts = [...here, ...listedItems.filter((c) => !here.some((h) => h.id === c.id))];
  return (
    <>
      <Section title="My contracts" actions={<RefreshButton onClick={listed.reload} label="my contracts" />}>
        {listed.state === 'loading' && <p role="status">Loading your contracts…</p>}
        {listed.state === 'error' && <ErrorNotice error={listed.error} action="Could not list your contracts (the ones you create or open here are shown)" />}
        {listed.state !== 'loading' &&
          (contracts.length === 0 ? (
            <p class="empty">No contract yet. Create one below.</p>
          ) : (
            <ul class="items" aria-label="Contracts">
              {contracts.map((contract) => (
                <ContractItem key={contract.id} contract={contract} onChange={remember} />
              ))}
            </ul>
          ))}
        <OpenById onFound={remember} />
      </Section>
      <ManagedWorkspaces person={person} />
      <NewContract onCreated={remember} />
    </>
  );
}

function OpenById({ onFound }: { onFound: (contract: Contract) => void }) {
  const action = useAction();
  return (
    <form
      class="inline-form"
      onSubmit={(event) => {
        const { contractId } = formValues(event);
        void action.run(() => get<Contract>(`/api/v1/contracts/${id(contractId.trim())}`)).then((found) => found && onFound(found.value));
      }}
    >
      <Field id="contract-id" label="Open a contract by id">
        <input id="contract-id" name="contractId" required autoComplete="off" />
      </Field>
      <button type="submit" class="secondary" disabled={action.busy}>
        Open
      </button>
      {action.error && <ErrorNotice error={action.error} action="Not opened" />}
    </form>
  );
}

function ContractItem({ contract, onChange }: { contract: Contract; onChange: (contract: Contract) => void }) {
  const activate = useAction();
  const [workspaces, setWorkspaces] = useState<Workspace[]>([]);
  const headingId = `contract-${contract.id}`;
  return (
    <li class="item" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {contract.customerName} <Status value={contract.status} />
      </h3>
      <dl class="facts">
        <dt>Contract</dt>
        <dd>
          <code>{contract.id}</code> ({contract.type})
        </dd>
        <dt>Term</dt>
        <dd>
          <When at={contract.startsAt} /> to <When at={contract.endsAt} />
        </dd>
        <dt>Customer tenant</dt>
        <dd>
          <code>{contract.customerTenantId}</code>
        </dd>
        {contract.defaultWorkspaceId && (
          <>
            <dt>Default workspace</dt>
            <dd>
              <code>{contract.defaultWorkspaceId}</code>
            </dd>
          </>
        )}
      </dl>
      {activate.error && <ErrorNotice error={activate.error} action="Not activated" />}
      {contract.status === 'draft' && (
        <button
          type="button"
          disabled={activate.busy}
          aria-describedby={headingId}
          onClick={() => void activate.run(() => post<Contract>(`/api/v1/contracts/${id(contract.id)}/activate`)).then((updated) => updated && onChange({ ...contract, ...updated.value }))}
        >
          Activate
        </button>
      )}
      {contract.status === 'draft' && <p class="hint">Activating creates the default workspace and invites the service administrator and the support contacts.</p>}
      {contract.status === 'active' && <NewWorkspace contract={contract} onCreated={(workspace) => setWorkspaces([...workspaces, workspace])} />}
      {workspaces.length > 0 && (
        <ul class="compact" aria-label="Workspaces created here">
          {workspaces.map((workspace) => (
            <li key={workspace.id}>
              Workspace “{workspace.name}” created; its administrator was invited.
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function NewWorkspace({ contract, onCreated }: { contract: Contract; onCreated: (workspace: Workspace) => void }) {
  const action = useAction();
  const prefix = `ws-${contract.id}`;
  return (
    <details>
      <summary>Create another workspace</summary>
      <form
        onSubmit={(event) => {
          const form = event.currentTarget;
          const values = formValues(event);
          void action
            .run(() => post<Workspace>(`/api/v1/contracts/${id(contract.id)}/workspaces`, { name: values.name, purpose: values.purpose, adminEmail: values.adminEmail }))
            .then((workspace) => {
              if (!workspace) return;
              form.reset();
              onCreated(workspace.value);
            });
        }}
      >
        <div class="grid">
          <Field id={`${prefix}-name`} label="Workspace name">
            <input id={`${prefix}-name`} name="name" required maxLength={200} autoComplete="off" />
          </Field>
          <Field id={`${prefix}-purpose`} label="Purpose">
            <input id={`${prefix}-purpose`} name="purpose" required maxLength={1000} autoComplete="off" />
          </Field>
          <Field id={`${prefix}-admin`} label="Its administrator's email">
            <input id={`${prefix}-admin`} name="adminEmail" type="email" required autoComplete="off" />
          </Field>
        </div>
        {action.error && <ErrorNotice error={action.error} action="Workspace not created" />}
        <button type="submit" disabled={action.busy}>
          Create workspace
        </button>
      </form>
    </details>
  );
}

function NewContract({ onCreated }: { onCreated: (contract: Contract) => void }) {
  const action = useAction();
  const today = new Date().toISOString().slice(0, 10);
  const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  return (
    <Section title="New contract">
      <form
        onSubmit={(event) => {
          const form = event.currentTarget;
          const v = formValues(event);
          void action
            .run(() =>
              post<Contract>('/api/v1/contracts', {
                customerName: v.customerName,
                customerTenantId: v.customerTenantId.trim(),
                type: v.type,
                startsAt: isoDate(v.startsAt),
                endsAt: isoDate(v.endsAt),
                serviceAdmin: { name: v.adminName, email: v.adminEmail },
                supportContacts: v.contactEmail ? [{ name: v.contactName || v.contactEmail, email: v.contactEmail }] : [],
                services: list(v.services),
              }),
            )
            .then((contract) => {
              if (!contract) return;
              form.reset();
              onCreated(contract.value);
            });
        }}
      >
        <div class="grid">
          <Field id="nc-customer" label="Customer name">
            <input id="nc-customer" name="customerName" required maxLength={200} autoComplete="off" />
          </Field>
          <Field id="nc-tenant" label="Customer tenant id">
            <input id="nc-tenant" name="customerTenantId" required autoComplete="off" />
          </Field>
          <Field id="nc-type" label="Type">
            <select id="nc-type" name="type">
              <option value="unified">Unified</option>
              <option value="premier">Premier</option>
            </select>
          </Field>
          <Field id="nc-starts" label="Starts">
            <input id="nc-starts" name="startsAt" type="date" required value={today} />
          </Field>
          <Field id="nc-ends" label="Ends">
            <input id="nc-ends" name="endsAt" type="date" required value={nextYear} />
          </Field>
          <Field id="nc-services" label="Services purchased" hint="Comma-separated.">
            <input id="nc-services" name="services" required value="reactive-support" aria-describedby="nc-services-hint" autoComplete="off" />
          </Field>
          <Field id="nc-admin-name" label="Service administrator's name">
            <input id="nc-admin-name" name="adminName" required autoComplete="off" />
          </Field>
          <Field id="nc-admin-email" label="Service administrator's email">
            <input id="nc-admin-email" name="adminEmail" type="email" required autoComplete="off" />
          </Field>
          <Field id="nc-contact-name" label="Support contact's name (optional)">
            <input id="nc-contact-name" name="contactName" autoComplete="off" />
          </Field>
          <Field id="nc-contact-email" label="Support contact's email (optional)">
            <input id="nc-contact-email" name="contactEmail" type="email" autoComplete="off" />
          </Field>
        </div>
        {action.error && <ErrorNotice error={action.error} action="Contract not created" />}
        <button type="submit" disabled={action.busy}>
          Create contract
        </button>
      </form>
    </Section>
  );
}
