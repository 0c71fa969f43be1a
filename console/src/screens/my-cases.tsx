import { useState } from 'preact/hooks';
import { firstPage } from '../api';
import type { Case } from '../models';
import type { Person } from '../session';
import { Field, LoadedList, RefreshButton, Section, Status, When, useResource } from '../ui';

/** A customer's cases across all their workspaces (GET /cases), by status. */
export function MyCases({ person }: { person: Person }) {
  const [status, setStatus] = useState<'open' | 'closed' | ''>('open');
  const cases = useResource(() => firstPage<Case>('/api/v1/cases', { status, limit: 100 }), `${person.sub}:${status}`);
  return (
    <Section title="My cases" id="my-cases" actions={<RefreshButton onClick={cases.reload} label="my cases" />}>
      <Field id="my-cases-status" label="Show">
        <select id="my-cases-status" value={status} onChange={(event) => setStatus(event.currentTarget.value as typeof status)}>
          <option value="open">Open cases</option>
          <option value="closed">Closed cases</option>
          <option value="">All cases</option>
        </select>
      </Field>
      <LoadedList resource={cases} what="your cases" label="Opened in any of my workspaces" emptyText="You have no such case in any of your workspaces.">
        {(item) => (
          <li class="item" key={item.id} aria-labelledby={`mine-${item.id}`}>
            <h3 id={`mine-${item.id}`}>{item.title}</h3>
            <p>
              <Status value={item.status} /> Severity {item.severity} · {item.productArea} · opened <When at={item.openedAt} /> ·{' '}
              {item.assignedEngineerId ? 'an engineer works on it' : 'waiting for an engineer'}
            </p>
          </li>
        )}
      </LoadedList>
    </Section>
  );
}
