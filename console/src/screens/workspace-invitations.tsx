import { firstPage, del, id, post } from '../api';
import type { Invitation, Workspace } from '../models';
import { ErrorNotice, Field, formValues, LoadedList, RefreshButton, Section, Status, When, useAction, useResource } from '../ui';

/** A workspace's invitations: invite someone, send a pending invitation again, revoke it. */
export function Invitations({ workspace }: { workspace: Workspace }) {
  const invitations = useResource(() => firstPage<Invitation>(`/api/v1/workspaces/${id(workspace.id)}/invitations`, { limit: 100 }), workspace.id);
  return (
    <Section title={`Invitations to ${workspace.name}`} id="invitations" actions={<RefreshButton onClick={invitations.reload} label="invitations" />}>
      <LoadedList resource={invitations} what="the invitations" label="Invitations" emptyText="Nobody has been invited to this workspace.">
        {(invitation) => <InvitationItem key={invitation.id} invitation={invitation} onChange={invitations.reload} />}
      </LoadedList>
      <Invite workspace={workspace} onInvited={invitations.reload} />
    </Section>
  );
}

function InvitationItem({ invitation, onChange }: { invitation: Invitation; onChange: () => void }) {
  const action = useAction();
  const headingId = `invitation-${invitation.id}`;
  const run = (call: () => Promise<unknown>) => void action.run(call).then((done) => done && onChange());
  return (
    <li class="item" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {invitation.email} <Status value={invitation.status} />
      </h3>
      <p class="muted">
        As {invitation.role === 'admin' ? 'an administrator' : 'a member'}; the link works until <When at={invitation.expiresAt} />. Email{' '}
        {invitation.delivery.status === 'sent' ? 'sent' : invitation.delivery.status === 'failed' ? `not delivered (${invitation.delivery.lastError ?? 'failed'})` : 'being sent'}.
      </p>
      {action.error && <ErrorNotice error={action.error} action="Not done" />}
      {invitation.status === 'pending' && (
        <div class="actions">
          <button type="button" class="secondary" disabled={action.busy} aria-describedby={headingId} onClick={() => run(() => post(`/api/v1/invitations/${id(invitation.id)}/resend`))}>
            Resend
          </button>
          <button type="button" class="danger" disabled={action.busy} aria-describedby={headingId} onClick={() => run(() => del(`/api/v1/invitations/${id(invitation.id)}`))}>
            Revoke
          </button>
        </div>
      )}
    </li>
  );
}

function Invite({ workspace, onInvited }: { workspace: Workspace; onInvited: () => void }) {
  const action = useAction();
  const prefix = `invite-${workspace.id}`;
  return (
    <form
      class="subsection"
      aria-label="Invite someone"
      onSubmit={(event) => {
        const form = event.currentTarget;
        const { email, role } = formValues(event);
        void action
          .run(() => post(`/api/v1/workspaces/${id(workspace.id)}/invitations`, { email: email.trim(), role }))
          .then((done) => {
            if (!done) return;
            form.reset();
            onInvited();
          });
      }}
    >
      <h3>Invite someone</h3>
      <div class="grid">
        <Field id={`${prefix}-email`} label="Email to invite">
          <input id={`${prefix}-email`} name="email" type="email" required maxLength={320} autoComplete="off" />
        </Field>
        <Field id={`${prefix}-role`} label="As">
          <select id={`${prefix}-role`} name="role">
            <option value="member">member</option>
            <option value="admin">administrator</option>
          </select>
        </Field>
      </div>
      {action.error && <ErrorNotice error={action.error} action="Not invited" />}
      <button type="submit" disabled={action.busy}>
        Send invitation
      </button>
    </form>
  );
}
