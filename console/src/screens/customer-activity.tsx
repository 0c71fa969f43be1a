import { useState } from 'preact/hooks';
import { firstPage, get, query } from '../api';
import type { Activity, ActivityContract, ActivityFigures, Workspace } from '../models';
import type { Person } from '../session';
import { Field, Loaded, RefreshButton, Section, Status, When, useResource } from '../ui';

/**
 * Customer Activity (DESIGN.md §8, GET /activity): the contract, services, cases and live access
 * of one workspace or of all of mine together. The service decides who may see it (workspace
 * admins, the contract's CSAM/AC, members given the permission); a refusal is an error state.
 */
export function CustomerActivityScreen({ person }: { person: Person }) {
  const workspaces = useResource(() => firstPage<Workspace>('/api/v1/workspaces', { limit: 100 }), person.sub);
  const [scope, setScope] = useState('all');
  const activity = useResource(() => get<Activity>(`/api/v1/activity${query({ workspaces: scope })}`), `${person.sub}:${scope}`);
  return (
    <>
      <div class="filters" role="search" aria-label="Choose the workspaces">
        <Field id="activity-scope" label="Workspaces">
          <select id="activity-scope" value={scope} onChange={(event) => setScope(event.currentTarget.value)}>
            <option value="all">All my workspaces</option>
            {workspaces.state === 'ready' &&
              workspaces.data.items.map((workspace) => (
                <option key={workspace.id} value={workspace.id}>
                  {workspace.name}
                </option>
              ))}
          </select>
        </Field>
      </div>
      <Section title="Activity" actions={<RefreshButton onClick={activity.reload} label="customer activity" />}>
        <Loaded resource={activity} what="Customer Activity" empty={(data) => (data.workspaces.length === 0 ? 'You see the activity of no workspace yet.' : null)}>
          {(data) => (scope === 'all' ? <Figures title="All your workspaces together" figures={data.combined} contracts={data.combined.contracts} /> : <OneWorkspace data={data} />)}
        </Loaded>
      </Section>
    </>
  );
}

function OneWorkspace({ data }: { data: Activity }) {
  const [workspace] = data.workspaces;
  return <Figures title={`Workspace ${workspace.name}`} figures={workspace} contracts={[workspace.contract]} />;
}

function Figures({ title, figures, contracts }: { title: string; figures: ActivityFigures; contracts: ActivityContract[] }) {
  const { cases } = figures;
  return (
    <div aria-label={title} role="region">
      <h3>{title}</h3>
      <dl class="facts">
        <dt>Services</dt>
        <dd>{figures.services.join(', ') || '—'}</dd>
        <dt>Cases</dt>
        <dd>
          {cases.open} open (A {cases.openBySeverity.A}, B {cases.openBySeverity.B}, C {cases.openBySeverity.C}), {cases.closed} closed
        </dd>
        <dt>Live support access</dt>
        <dd>
          {figures.openAccessGrants} open access {figures.openAccessGrants === 1 ? 'grant' : 'grants'}
        </dd>
      </dl>
      <h4>Contracts</h4>
      <ul class="items compact" aria-label="Contracts">
        {contracts.map((contract) => (
          <li class="item" key={contract.id}>
            <strong>{contract.customerName}</strong> <Status value={contract.status} /> {contract.type}, until <When at={contract.endsAt} /> ({contract.daysRemaining} days left)
            {contract.csam && (
              <span class="muted">
                {' '}
                · CSAM {contract.csam.name} ({contract.csam.email})
              </span>
            )}
          </li>
        ))}
      </ul>
      <h4>Recent activity</h4>
      {figures.recentActivity.length === 0 ? (
        <p class="empty">Nothing has happened yet.</p>
      ) : (
        <ul class="compact" aria-label="Recent activity">
          {figures.recentActivity.map((entry) => (
            <li key={entry.id}>
              <When at={entry.at} /> {entry.summary}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
