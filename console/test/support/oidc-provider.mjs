// A local OpenID provider for the console's browser tests (oidc-provider, its development
// login and consent pages). Run as its own process: oidc-provider is ESM-only, which Jest on
// Node 20 cannot load. Settings come as JSON in OIDC_TEST_SETTINGS; it prints `{"issuer":…}`
// on stdout once it listens.
//
// The console is a public client (no secret) that must use PKCE. Access tokens are JWTs signed
// RS256 for the services' audience (resource indicators), carrying the claims the services read:
// `sub`, `tid`, `oid`, `roles` or `wids`, `iss`, `aud`, `exp`.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';

const settings = JSON.parse(process.env.OIDC_TEST_SETTINGS ?? '{}');
/** People by login (their `sub`): { name, email, tid, roles?, wids? }. The development login takes any password. */
const people = settings.people ?? {};
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'console-test', use: 'sig', alg: 'RS256' };

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: settings.clientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: [settings.redirectUri],
      post_logout_redirect_uris: [settings.postLogoutRedirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
  scopes: ['openid', 'profile', 'email', 'api'],
  ttl: { AccessToken: 600, IdToken: 600, Session: 3600, Grant: 3600, Interaction: 600, AuthorizationCode: 60 },
  findAccount: (_ctx, sub) => (people[sub] ? { accountId: sub, claims: () => ({ sub, name: people[sub].name, email: people[sub].email }) } : undefined),
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => settings.audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== settings.audience) throw new errors.InvalidTarget();
        return { scope: 'api', audience: settings.audience, accessTokenTTL: 600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  // What a directory adds to its access tokens: the tenant, the object id, the roles.
  extraTokenClaims: (_ctx, token) => {
    const person = people[token.accountId];
    if (!person) return undefined;
    return { tid: person.tid, oid: token.accountId, name: person.name, email: person.email, ...(person.roles ? { roles: person.roles } : {}), ...(person.wids ? { wids: person.wids } : {}) };
  },
});
server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer, jwksUri: `${issuer}/jwks` })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
