import { firstPage, id, patch } from '../api';
import type { Workspace } from '../models';
import type { Person } from '../session';
import { ErrorNotice, LoadedList, RefreshButton, Section, useAction, useResource } from '../ui';

/** The workspaces of my contracts, each with its personal-account policy (PATCH /workspaces/:id/settings). */
export function ManagedWorkspaces({ person }: { person: Person }) {
  const workspaces = useResource(() => firstPage<Workspace>('/api/v1/workspaces', { limit: 100 }), person.sub);
  return (
    <Section title="Workspaces of my contracts" actions={<RefreshButton onClick={workspaces.reload} label="workspaces of my contracts" />}>
      <LoadedList resource={workspaces} what="the workspaces" label="Workspaces of my contracts" emptyText="No workspace yet: activating a contract creates its default workspace.">
        {(workspace) => <PersonalAccountPolicy key={workspace.id} workspace={workspace} onChange={workspaces.reload} />}
      </LoadedList>
    </Section>
  );
}

function PersonalAccountPolicy({ workspace, onChange }: { workspace: Workspace; onChange: () => void }) {
  const action = useAction();
  const switchId = `personal-${workspace.id}`;
  const allowed = workspace.settings.allowPersonalAccounts;
  return (
    <li class="item" aria-labelledby={`mw-${workspace.id}`}>
      <h3 id={`mw-${workspace.id}`}>
        {workspace.name} {workspace.isDefault && <span class="tag">default</span>}
      </h3>
      <div class="switch-field">
        <input
          id={switchId}
          type="checkbox"
          role="switch"
          checked={allowed}
          disabled={action.busy}
          aria-describedby={`${switchId}-meaning`}
          onChange={(event) => {
            const allowPersonalAccounts = event.currentTarget.checked;
            void action.run(() => patch(`/api/v1/workspaces/${id(workspace.id)}/settings`, { allowPersonalAccounts })).then(() => onChange());
          }}
        />
        <label for={switchId}>Personal Microsoft accounts may join</label>
        <p id={`${switchId}-meaning`} class="hint">
          {allowed
            ? 'On: an invitation may be accepted with a personal account (outlook.com, hotmail.com…). Premier contracts always allow it.'
            : "Off: only accounts of the customer's organisation may accept this workspace's invitations."}
        </p>
      </div>
      {action.error && <ErrorNotice error={action.error} action="Policy not changed" />}
    </li>
  );
}
