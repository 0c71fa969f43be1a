import { firstPage, id, patch, post } from '../api';
import type { Case, Engineer } from '../models';
import type { Person } from '../session';
import { ErrorNotice, Field, formValues, LoadedList, RefreshButton, Section, Status, When, useAction, useResource } from '../ui';
import { AssignCase } from './case-assignment';

/** A support manager: the engineer directory and the cases nobody could take. */
export function ManagerScreen({ person }: { person: Person }) {
  const engineers = useResource(() => firstPage<Engineer>('/api/v1/engineers', { limit: 100 }), person.sub);
  const unassigned = useResource(() => firstPage<Case>('/api/v1/cases', { assigned: 'none', limit: 100 }), person.sub);
  const choices = engineers.state === 'ready' ? engineers.data.items : [];
  const assigned = () => {
    unassigned.reload();
    engineers.reload();
  };
  return (
    <>
      <Section title="Engineers" actions={<RefreshButton onClick={engineers.reload} label="engineers" />}>
        <LoadedList resource={engineers} what="the engineers" label="Engineers" emptyText={'No engineer is registered. Register one below.'}>
          {(engineer) => (<EngineerItem key={engineer.id} engineer={engineer} onChange={engineers.reload} />)}
        </LoadedList>
        <RegisterEngineer onRegistered={engineers.reload} />
      </Section>
      <Section title="Unassigned cases" actions={<RefreshButton onClick={unassigned.reload} label="unassigned cases" />}>
        <LoadedList resource={unassigned} what="the unassigned cases" label="Unassigned cases" emptyText={'Every open case has an engineer.'}>
          {(item) => (<li class="item" key={item.id} aria-labelledby={`queued-${item.id}`}>
                  <h3 id={`queued-${item.id}`}>{item.title}</h3>
                  <p>
                    Severity {item.severity} · {item.productArea} · opened <When at={item.openedAt} /> · case <code>{item.id}</code>. No active engineer has this expertise: assign one by hand, or register one with it.
                  </p>
                  <AssignCase caseId={item.id} engineers={choices} onAssigned={assigned} label={item.title} />
                </li>)}
        </LoadedList>
        <details>
          <summary>Reassign a case</summary>
          <p class="hint">The case goes to the engineer you choose; its previous engineer's access to the customer's data ends.</p>
          <AssignCase engineers={choices} onAssigned={assigned} label="the case" />
        </details>
      </Section>
    </>
  );
}

function EngineerItem({ engineer, onChange }: { engineer: Engineer; onChange: () => void }) {
  const action = useAction();
  const headingId = `engineer-${engineer.id}`;
  return (
    <li class="item" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {engineer.name} <Status value={engineer.active ? 'active' : 'inactive'} />
      </h3>
      <p>
        {engineer.email} · user id <code>{engineer.userId}</code> · {engineer.openCases} open case{engineer.openCases === 1 ? '' : 's'}
      </p>
      <p>Expertise: {engineer.expertise.join(', ') || 'none'}</p>
      {action.error && <ErrorNotice error={action.error} action="Not changed" />}
      <button
        type="button"
        class="secondary"
        disabled={action.busy}
        aria-describedby={headingId}
        onClick={() => void action.run(() => patch(`/api/v1/engineers/${id(engineer.id)}`, { active: !engineer.active })).then((done) => done && onChange())}
      >
        {engineer.active ? 'Deactivate' : 'Reactivate'}
      </button>
      {engineer.active && <p class="hint">Deactivating ends their access to customers' data at once and sends their open cases back to assignment.</p>}
    </li>
  );
}

function RegisterEngineer({ onRegistered }: { onRegistered: () => void }) {
  const action = useAction();
  return (
    <details>
      <summary>Register an engineer</summary>
      <form
        onSubmit={(event) => {
          const form = event.currentTarget;
          const v = formValues(event);
          const expertise = v.expertise
            .split(',')
            .map((area) => area.trim())
            .filter(Boolean);
          void action.run(() => post('/api/v1/engineers', { userId: v.userId.trim(), name: v.name, email: v.email, expertise })).then((done) => {
            if (!done) return;
            form.reset();
            onRegistered();
          });
        }}
      >
        <div class="grid">
          <Field id="eng-user" label="User id" hint="The sub of their sign-in.">
            <input id="eng-user" name="userId" required aria-describedby="eng-user-hint" autoComplete="off" />
          </Field>
          <Field id="eng-name" label="Name">
            <input id="eng-name" name="name" required autoComplete="off" />
          </Field>
          <Field id="eng-email" label="Email">
            <input id="eng-email" name="email" type="email" required autoComplete="off" />
          </Field>
          <Field id="eng-expertise" label="Expertise" hint="Product areas, comma-separated.">
            <input id="eng-expertise" name="expertise" required aria-describedby="eng-expertise-hint" autoComplete="off" />
          </Field>
        </div>
        {action.error && <ErrorNotice error={action.error} action="Not registered" />}
        <button type="submit" disabled={action.busy}>
          Register engineer
        </button>
      </form>
    </details>
  );
}
