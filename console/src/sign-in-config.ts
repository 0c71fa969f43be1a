/** How people sign in here, as the gateway says (GET /console/config.json, services/gateway/src/console/console-config.ts). */
export interface SignInConfig {
  signIn: 'oidc' | 'development' | 'none';
  issuer?: string;
  clientId?: string;
  scope?: string;
  audience?: string;
}

/** An OpenID Connect configuration: both the issuer and the console's client id. */
export type OidcConfig = SignInConfig & { signIn: 'oidc'; issuer: string; clientId: string };

let loaded: Promise<SignInConfig> | null = null;

/** Read once per page load; a server without the route (an older gateway) offers no sign-in. */
export function signInConfig(): Promise<SignInConfig> {
  loaded ??= fetch('/console/config.json', { headers: { accept: 'application/json' } }).then(async (response) => {
    if (response.status === 404) return { signIn: 'none' } as SignInConfig;
    if (!response.ok) throw new Error('The sign-in settings could not be loaded.');
    return (await response.json()) as SignInConfig;
  });
  // A failed read is tried again next time (Try again), not remembered.
  loaded.catch(() => (loaded = null));
  return loaded;
}

export const isOidc = (config: SignInConfig): config is OidcConfig => config.signIn === 'oidc' && Boolean(config.issuer && config.clientId);
