import { useEffect, useState } from 'preact/hooks';
import { completeProviderSignIn, signInWithProvider } from '../oidc';
import { navigate } from '../router';
import { SESSION_EXPIRED, sessionEndReason } from '../session';
import { signInConfig, isOidc, type OidcConfig } from '../sign-in-config';
import { Page, useAction, ErrorNotice } from '../ui';

// One automatic re-sign-in per expiry, so that a provider whose tokens are refused never loops.
const RENEWING = 'support-hub.renewing';

/** The console path to come back to after sign-in: `?next=` when it is one of ours. */
function nextPath(): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Sign-in through the organisation's identity provider; an expired session goes back there at once. */
export function ProviderSignIn({ config }: { config: OidcConfig }) {
  const action = useAction();
  const go = () => action.run(() => signInWithProvider(config, nextPath()));
  useEffect(() => {
    if (sessionEndReason() === SESSION_EXPIRED && !sessionStorage.getItem(RENEWING)) {
      sessionStorage.setItem(RENEWING, '1');
      void go();
    }
  }, []);
  return (
    <section class="card" aria-labelledby="provider-heading">
      <h2 id="provider-heading">Sign in with your organisation</h2>
      <p>
        You sign in at your organisation's identity provider (<code>{new URL(config.issuer).host}</code>), which sends you back here. Your access token
        stays in this browser tab only.
      </p>
      {action.error && <ErrorNotice error={action.error} action="Sign-in did not start" />}
      <button type="button" disabled={action.busy} onClick={() => void go()}>
        Continue to sign-in
      </button>
    </section>
  );
}

/** `/sign-in/callback`: where the provider sends the browser back with the authorization code. */
export function SignInCallback() {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void (async () => {
      try {
        const config = await signInConfig();
        if (!isOidc(config)) throw new Error('Sign-in through an identity provider is not configured here.');
        const { next } = await completeProviderSignIn(config);
        sessionStorage.removeItem(RENEWING);
        navigate(next, { replace: true });
      } catch (caught) {
        history.replaceState(null, '', '/sign-in/callback');
        setError((caught as Error).message || 'Sign-in failed.');
      }
    })();
  }, []);
  return (
    <Page title="Signing in" path="/sign-in/callback">
      {error ? (
        <div class="notice error" role="alert">
          <p>Sign-in failed: {error}</p>
          <p>
            <a href="/sign-in">Try again</a>
          </p>
        </div>
      ) : (
        <p role="status">Completing sign-in…</p>
      )}
    </Page>
  );
}
