import { useState } from 'preact/hooks';
import { post } from '../api';
import { linkTo } from '../router';
import { ErrorNotice, Page, useAction } from '../ui';

/** The page the invitation email links to (`INVITATION_ACCEPT_URL`, `?token=`). */
export function AcceptInvitation() {
  // Read the token once and take it out of the address bar and history.
  const [token] = useState(() => {
    const value = new URLSearchParams(window.location.search).get('token');
    if (value) history.replaceState(null, '', '/invitations/accept');
    return value;
  });
  const action = useAction();
  const [accepted, setAccepted] = useState<{ workspaceId: string; role: string } | null>(null);
  return (
    <Page title="Accept your invitation" path="/invitations/accept">
      {!token ? (
        <p class="notice error" role="alert">
          This page needs the link from your invitation email. Open the link again, or ask the workspace administrator to resend the invitation.
        </p>
      ) : accepted ? (
        <div class="notice ok" role="status">
          <p>
            You joined the workspace as {accepted.role === 'admin' ? 'its administrator' : 'a member'}. It appears in your workspaces in a moment.
          </p>
          <p>
            <a {...linkTo('/customer')}>Go to my workspaces</a>
          </p>
        </div>
      ) : (
        <>
          <p>You were invited to a Support Hub workspace. Accept with the account the invitation was sent to.</p>
          {action.error && <ErrorNotice error={action.error} action="The invitation could not be accepted" />}
          <button type="button" disabled={action.busy} onClick={() => void action.run(() => post<{ workspaceId: string; role: string }>('/api/v1/invitations/accept', { token })).then((result) => result && setAccepted(result.value))}>
            Accept invitation
          </button>
        </>
      )}
    </Page>
  );
}
