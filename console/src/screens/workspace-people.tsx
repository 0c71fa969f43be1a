import { useState } from 'preact/hooks';
import { firstPage, del, id, patch } from '../api';
import type { Member, Workspace } from '../models';
import type { Person } from '../session';
import { ErrorNotice, Field, LoadedList, RefreshButton, Section, useAction, useResource } from '../ui';
import { Invitations } from './workspace-invitations';

/** A workspace's administrator: who is in each workspace I administer, and who is invited to it. */
export function WorkspacePeopleScreen({ person }: { person: Person }) {
  const workspaces = useResource(() => firstPage<Workspace>('/api/v1/workspaces', { limit: 100 }), person.sub);
  const [chosen, setChosen] = useState<string | null>(null);
  const administered = workspaces.state === 'ready' ? workspaces.data.items.filter((workspace) => workspace.role === 'admin') : [];
  const current = administered.find((workspace) => workspace.id === chosen) ?? administered[0];
  const mine = workspaces.state === 'ready' ? { ...workspaces, data: { ...workspaces.data, items: administered } } : workspaces;
  return (
    <>
      <Section title="Workspaces you administer" actions={<RefreshButton onClick={workspaces.reload} label="workspaces you administer" />}>
        <LoadedList resource={mine} what="your workspaces" label="Workspaces you administer" emptyText="You administer no workspace.">
          {(workspace) => (
            <li class="item" key={workspace.id} aria-labelledby={`pw-${workspace.id}`}>
              <h3 id={`pw-${workspace.id}`}>{workspace.name}</h3>
              <button type="button" class="secondary" aria-describedby={`pw-${workspace.id}`} aria-pressed={current?.id === workspace.id} onClick={() => setChosen(workspace.id)}>
                Show its people
              </button>
            </li>
          )}
        </LoadedList>
      </Section>
      {current && <Members key={`m-${current.id}`} workspace={current} person={person} />}
      {current && <Invitations key={`i-${current.id}`} workspace={current} />}
    </>
  );
}

function Members({ workspace, person }: { workspace: Workspace; person: Person }) {
  const members = useResource(() => firstPage<Member>(`/api/v1/workspaces/${id(workspace.id)}/members`, { limit: 100 }), workspace.id);
  return (
    <Section title={`Members of ${workspace.name}`} id="members" actions={<RefreshButton onClick={members.reload} label="members" />}>
      <LoadedList resource={members} what="the members" label="Members" emptyText="Nobody has joined this workspace yet.">
        {(member) => <MemberItem key={member.id} workspace={workspace} member={member} isMe={member.userId === person.sub} onChange={members.reload} />}
      </LoadedList>
    </Section>
  );
}

function MemberItem({ workspace, member, isMe, onChange }: { workspace: Workspace; member: Member; isMe: boolean; onChange: () => void }) {
  const action = useAction();
  const [confirming, setConfirming] = useState(false);
  const headingId = `member-${member.id}`;
  const base = `/api/v1/workspaces/${id(workspace.id)}/members/${id(member.userId)}` as const;
  return (
    <li class="item" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {member.name ?? member.email} {isMe && <span class="tag">you</span>}
      </h3>
      <p class="muted">
        {member.email} · {member.role === 'admin' ? 'administrator' : 'member'}
      </p>
      {action.error && <ErrorNotice error={action.error} action="Not changed" />}
      <div class="actions">
        <Field id={`role-${member.id}`} label="Role">
          <select
            id={`role-${member.id}`}
            value={member.role}
            disabled={action.busy}
            onChange={(event) => {
              const role = event.currentTarget.value;
              void action.run(() => patch(base, { role })).then((done) => done && onChange());
            }}
          >
            <option value="member">member</option>
            <option value="admin">administrator</option>
          </select>
        </Field>
        {confirming ? (
          <div class="actions" role="group" aria-label={`Confirm removing ${member.email}`}>
            <span>Remove {member.email} from this workspace?</span>
            <button type="button" class="danger" disabled={action.busy} onClick={() => void action.run(() => del(base)).then((done) => done && onChange())}>
              Remove member
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </div>
        ) : (
          <button type="button" class="secondary" aria-describedby={headingId} onClick={() => setConfirming(true)}>
            Remove…
          </button>
        )}
      </div>
    </li>
  );
}
