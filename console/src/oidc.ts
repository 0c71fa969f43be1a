import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { sessionFromToken, startSession, type Session } from './session';
import type { OidcConfig } from './sign-in-config';

/** Where the provider sends the browser back with the code: a console page (CONSOLE_PAGES). */
export const CALLBACK_PATH = '/sign-in/callback';

/**
 * The console as a public OpenID Connect client: authorization code + PKCE (no secret in a
 * browser), the code redeemed from the page at the provider's token endpoint. The state and
 * the provider's answer live in sessionStorage, like the session itself (console/README.md).
 * No silent renew in a hidden frame: the console's pages refuse framing (frame-ancestors
 * 'none'); an expired session signs in again by redirect, which the provider answers without a
 * prompt while its own session lasts.
 */
function userManager(config: OidcConfig): UserManager {
  const store = new WebStorageStateStore({ store: sessionStorage });
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${location.origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${location.origin}/sign-in`,
    response_type: 'code',
    scope: config.scope ?? 'openid profile email',
    ...(config.audience ? { resource: config.audience } : {}),
    userStore: store,
    stateStore: store,
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  });
}

/** Leaves for the provider's sign-in; `next` (a console path) comes back in the state, not in a URL we build. */
export function signInWithProvider(config: OidcConfig, next: string): Promise<void> {
  return userManager(config).signinRedirect({ state: { next } });
}

/** The callback page: redeems the code, takes code and state out of the address bar and history, starts the session. */
export async function completeProviderSignIn(config: OidcConfig): Promise<{ session: Session; next: string }> {
  const url = location.href;
  history.replaceState(null, '', CALLBACK_PATH);
  const user = await userManager(config).signinRedirectCallback(url);
  const session = sessionFromToken(user.access_token, { name: user.profile.name, email: user.profile.email });
  startSession(session);
  const next = (user.state as { next?: string } | undefined)?.next;
  return { session, next: next && next.startsWith('/') && !next.startsWith('//') ? next : '/' };
}

/** Ends the provider's session too, then comes back to the sign-in page. */
export async function signOutOfProvider(config: OidcConfig): Promise<void> {
  const manager = userManager(config);
  const user = await manager.getUser();
  await manager.removeUser();
  await manager.signoutRedirect({ id_token_hint: user?.id_token });
}
