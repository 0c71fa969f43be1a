import type { FastifyInstance } from 'fastify';

/**
 * The console's runtime settings: how people sign in. One bundle serves every deployment, so the
 * identity provider is read at run time from the gateway's environment, never built in.
 * - `oidc`: OpenID Connect authorization code + PKCE against `issuer` (a public client: no secret here);
 * - `development`: the gateway's development sign-in (dev-sign-in.ts), only on the development key;
 * - `none`: neither; the console says sign-in is not configured.
 */
export interface ConsoleConfig {
  signIn: 'oidc' | 'development' | 'none';
  issuer?: string;
  clientId?: string;
  scope?: string;
  /** The resource (RFC 8707) the access token is for: the services' AUTH_AUDIENCE. */
  audience?: string;
}

export interface OidcSettings {
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_SCOPE: string;
  OIDC_AUDIENCE?: string;
}

export function consoleConfigOf(settings: OidcSettings, developmentKey: boolean): ConsoleConfig {
  if (settings.OIDC_ISSUER && settings.OIDC_CLIENT_ID) {
    return { signIn: 'oidc', issuer: settings.OIDC_ISSUER, clientId: settings.OIDC_CLIENT_ID, scope: settings.OIDC_SCOPE, ...(settings.OIDC_AUDIENCE ? { audience: settings.OIDC_AUDIENCE } : {}) };
  }
  return { signIn: developmentKey ? 'development' : 'none' };
}

/** `GET /console/config.json`: read by the console before it shows a sign-in. Public: it names no secret. */
export function registerConsoleConfig(gateway: FastifyInstance, config: ConsoleConfig): void {
  gateway.get('/console/config.json', (_request, reply) => reply.header('cache-control', 'no-cache').send(config));
}
