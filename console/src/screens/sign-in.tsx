import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { navigate } from '../router';
import { sessionEndReason, sessionFromToken, startSession } from '../session';
import { isOidc, signInConfig, type OidcConfig } from '../sign-in-config';
import { ErrorNotice, Field, formValues, Loaded, Page, useAction, useResource } from '../ui';
import { ProviderSignIn } from './provider-sign-in';

interface ExamplePerson {
  sub: string;
  name: string;
  email: string;
  tid: string;
  roles: string[];
  title: string;
}

type SignInOptions = { mode: 'oidc'; config: OidcConfig } | { mode: 'development'; people: ExamplePerson[] } | { mode: 'none' };

/**
 * The gateway says which sign-in this deployment has (console-config.ts): the identity provider
 * (OpenID Connect), the development sign-in (only on the development key), or none.
 */
async function loadSignInOptions(): Promise<SignInOptions> {
  const config = await signInConfig().catch(() => {
    throw new ApiError(0, 'NETWORK_ERROR', 'The sign-in settings could not be loaded.');
  });
  if (isOidc(config)) return { mode: 'oidc', config };
  if (config.signIn !== 'development') return { mode: 'none' };
  const people = await loadExamplePeople();
  return people ? { mode: 'development', people } : { mode: 'none' };
}

/** The development sign-in's example users; null where the gateway has none (404). */
async function loadExamplePeople(): Promise<ExamplePerson[] | null> {
  let response: Response;
  try {
    response = await fetch('/dev/people', { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The console could not reach the server.');
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new ApiError(response.status, `HTTP_${response.status}`, 'The sign-in options could not be loaded.');
  return ((await response.json()) as { items: ExamplePerson[] }).items;
}

type DevTokenRequest = Omit<ExamplePerson, 'title'> & { wids?: string[] };

async function mintDevToken(person: DevTokenRequest): Promise<string> {
  const response = await fetch('/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(person) });
  const body = (await response.json().catch(() => ({}))) as { token?: string; code?: string; message?: string };
  if (!response.ok || !body.token) throw new ApiError(response.status, body.code ?? `HTTP_${response.status}`, body.message ?? 'No token was issued');
  return body.token;
}

function signedIn(token: string): void {
  startSession(sessionFromToken(token));
  const next = new URLSearchParams(window.location.search).get('next');
  // Only a path of this console, never another origin.
  navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
}

export function SignIn() {
  const options = useResource(loadSignInOptions, 'sign-in');
  const ended = sessionEndReason();
  return (
    <Page title="Sign in" path="/sign-in">
      {ended && (
        <p class="notice" role="status">
          {ended}
        </p>
      )}
      <Loaded resource={options} what="the sign-in options">
        {(options) =>
          options.mode === 'oidc' ? <ProviderSignIn config={options.config} /> : options.mode === 'development' ? <DevelopmentSignIn people={options.people} /> : <NotConfigured />
        }
      </Loaded>
    </Page>
  );
}

function DevelopmentSignIn({ people }: { people: ExamplePerson[] }) {
  const action = useAction();
  const [roles, setRoles] = useState('');
  const [wids, setWids] = useState('');
  const actAs = (person: DevTokenRequest) => action.run(async () => signedIn(await mintDevToken(person)));
  return (
    <>
      <p class="notice">
        <strong>Development sign-in.</strong> The gateway signs a token with the development key for whoever you choose. It does not exist in
        production, where your organisation's identity provider signs you in.
      </p>
      {action.error && <ErrorNotice error={action.error} action="Sign-in failed" />}
      <section class="card" aria-labelledby="examples-heading">
        <h2 id="examples-heading">Act as an example user</h2>
        <ul class="people">
          {people.map((person) => (
            <li key={person.sub}>
              <button type="button" disabled={action.busy} onClick={() => actAs({ sub: person.sub, name: person.name, email: person.email, tid: person.tid, roles: person.roles })}>
                Act as {person.name}
              </button>
              <span class="muted">
                {person.title} · {person.email}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section class="card" aria-labelledby="custom-heading">
        <h2 id="custom-heading">Act as someone else</h2>
        <form
          onSubmit={(event) => {
            const values = formValues(event);
            void actAs({
              sub: values.sub,
              name: values.name,
              email: values.email,
              tid: values.tid,
              roles: list(roles),
              ...(wids.trim() ? { wids: list(wids) } : {}),
            });
          }}
        >
          <div class="grid">
            <Field id="sign-in-name" label="Name">
              <input id="sign-in-name" name="name" required autoComplete="off" />
            </Field>
            <Field id="sign-in-email" label="Email">
              <input id="sign-in-email" name="email" type="email" required autoComplete="off" />
            </Field>
            <Field id="sign-in-sub" label="User id (sub)">
              <input id="sign-in-sub" name="sub" required autoComplete="off" />
            </Field>
            <Field id="sign-in-tid" label="Directory tenant id (tid)" hint="A GUID; the vendor's tenant for vendor staff.">
              <input id="sign-in-tid" name="tid" required pattern="[0-9a-fA-F-]{36}" aria-describedby="sign-in-tid-hint" autoComplete="off" />
            </Field>
            <Field id="sign-in-roles" label="Roles" hint="Comma-separated, e.g. support-engineer or Global Administrator.">
              <input id="sign-in-roles" value={roles} onInput={(event) => setRoles(event.currentTarget.value)} aria-describedby="sign-in-roles-hint" autoComplete="off" />
            </Field>
            <Field id="sign-in-wids" label="Directory role ids (wids)" hint="Comma-separated role template ids, as Microsoft Entra sends them, e.g. 62e90394-69f5-4237-9190-012177145e10 (Global Administrator).">
              <input id="sign-in-wids" value={wids} onInput={(event) => setWids(event.currentTarget.value)} aria-describedby="sign-in-wids-hint" autoComplete="off" />
            </Field>
          </div>
          <button type="submit" disabled={action.busy}>
            Sign in
          </button>
        </form>
      </section>
    </>
  );
}

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Neither an identity provider nor the development key: an operator may still paste a token. */
function NotConfigured() {
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="card" aria-labelledby="token-heading">
      <h2 id="token-heading">Sign-in is not configured</h2>
      <p>
        This deployment names no identity provider (the gateway's <code>OIDC_ISSUER</code> and <code>OIDC_CLIENT_ID</code>) and the services do not run
        on the development key. Ask your administrator. An operator may paste an access token the services accept; it stays in this browser tab only.
      </p>
      {error && (
        <div class="notice error" role="alert">
          <p>{error}</p>
        </div>
      )}
      <form
        onSubmit={(event) => {
          const values = formValues(event);
          try {
            signedIn(values.token);
          } catch (caught) {
            setError((caught as Error).message);
          }
        }}
      >
        <Field id="access-token" label="Access token">
          <textarea id="access-token" name="token" required rows={4} autoComplete="off" spellcheck={false} />
        </Field>
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}
