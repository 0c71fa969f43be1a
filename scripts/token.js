#!/usr/bin/env node
// Prints one development JWT on stdout, valid for the services `npm start` runs here.
// Development only: production verifies the identity provider's tokens (AUTH_JWKS_URI).
const path = require('node:path');
const { parseArgs } = require('node:util');
const { ensureBuild, root } = require('./ensure-build');

const USAGE = `usage: npm run -s token -- --sub <id> --email <email> --tid <tenant GUID> [--name <name>] [--roles <r1,r2>] [--wids <id1,id2>] [--ttl <seconds>]

  --sub     the user id
  --email   the user's address (invitations are matched on it)
  --tid     the user's directory tenant, a GUID. Vendor roles count only with the vendor's
            tenant (VENDOR_TENANT_ID, default 72f988bf-86f1-41af-91ab-2d7cd011db47)
  --roles   comma-separated: csam, account-coordinator, support-engineer, support-manager
            (vendor), or by name any Entra built-in role that may manage support access,
            e.g. Global Administrator, Service Support Administrator (directory)
  --wids    comma-separated Entra role template ids, as Entra puts directory roles in its
            tokens, e.g. 62e90394-69f5-4237-9190-012177145e10 (Global Administrator); only
            the roles that may manage support access are accepted
            (libs/auth/src/entra-directory-roles.ts). Directory roles, by name or id,
            count only in the --tid tenant and never make anyone vendor staff
  --ttl     lifetime in seconds (default 3600, at most AUTH_MAX_TOKEN_LIFETIME, default 24h)
`;

/** Says what is wrong and how to call, then exits 2: a usage error, never a stack trace. */
function refuse(problem) {
  process.stderr.write(`token: ${problem}\n\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h' },
      sub: { type: 'string' },
      email: { type: 'string' },
      tid: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string', default: '' },
      wids: { type: 'string', default: '' },
      ttl: { type: 'string' },
    },
  }));
} catch (error) {
  refuse(error.message);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (process.env.NODE_ENV === 'production') refuse('the development key does not exist in production (NODE_ENV=production); sign in with the identity provider');

const missing = ['sub', 'email', 'tid'].filter((name) => !values[name]);
if (missing.length) refuse(`missing --${missing.join(', --')}`);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
if (!GUID.test(values.tid)) refuse(`--tid must be a tenant GUID, not '${values.tid}'`);

ensureBuild({ quiet: true });
require('./register-aliases');
const { DIRECTORY_ROLES, directoryRoleByTemplateId, isVendorRole, loadOrCreateDevSigningKey, signDevToken } = require(path.join(root, 'dist/libs/auth/src'));
const { baseConfigSchema } = require(path.join(root, 'dist/libs/platform/src'));

// The same settings, read by the same rules, as the services: a token they would refuse is never printed.
const settings = baseConfigSchema.shape;
const lifetime = settings.AUTH_MAX_TOKEN_LIFETIME.safeParse(process.env.AUTH_MAX_TOKEN_LIFETIME);
if (!lifetime.success) refuse(`AUTH_MAX_TOKEN_LIFETIME: ${lifetime.error.issues[0].message}`);
const vendorTenant = settings.VENDOR_TENANT_ID.safeParse(process.env.VENDOR_TENANT_ID);
if (!vendorTenant.success) refuse(`VENDOR_TENANT_ID: ${vendorTenant.error.issues[0].message}`);
const maxSeconds = lifetime.data;

const ttlSeconds = values.ttl === undefined ? Math.min(3600, maxSeconds) : Number(values.ttl);
if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) refuse(`--ttl must be a whole number of seconds, not '${values.ttl}'`);
if (ttlSeconds > maxSeconds) refuse(`--ttl ${ttlSeconds} exceeds AUTH_MAX_TOKEN_LIFETIME (${maxSeconds} s): the services would refuse the token`);

const roles = values.roles.split(',').map((role) => role.trim()).filter(Boolean);
const unknown = roles.filter((role) => !isVendorRole(role) && !DIRECTORY_ROLES.includes(role));
if (unknown.length) refuse(`unknown role${unknown.length > 1 ? 's' : ''} ${unknown.map((role) => `'${role}'`).join(', ')} (roles are case-sensitive)`);

// Entra sends lower-case GUIDs; a misspelled or unlisted id is refused like a misspelled role,
// since the services would silently give it no meaning.
const wids = values.wids.split(',').map((id) => id.trim().toLowerCase()).filter(Boolean);
const malformed = wids.filter((id) => !GUID.test(id));
if (malformed.length) refuse(`--wids takes role template ids (GUIDs), not ${malformed.map((id) => `'${id}'`).join(', ')}`);
const unlisted = wids.filter((id) => !directoryRoleByTemplateId(id));
if (unlisted.length) refuse(`unknown role template id${unlisted.length > 1 ? 's' : ''} ${unlisted.map((id) => `'${id}'`).join(', ')} (not a built-in role that may manage support access)`);

if (roles.some(isVendorRole) && values.tid.toLowerCase() !== vendorTenant.data) {
  // Allowed (it is how a customer's impostor token is made), but rarely what was meant.
  process.stderr.write(`token: note: vendor roles count only with --tid ${vendorTenant.data}; this token's vendor roles will be ignored\n`);
}

const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
const key = loadOrCreateDevSigningKey(process.env.AUTH_DEV_KEY_FILE ?? path.join(dataDir, 'dev-jwt.key'));
const token = signDevToken(
  key,
  { sub: values.sub, email: values.email, tid: values.tid, ...(values.name ? { name: values.name } : {}), roles, ...(wids.length ? { wids } : {}), ttlSeconds },
  process.env.AUTH_ISSUER ?? 'support-hub-dev',
  process.env.AUTH_AUDIENCE ?? 'support-hub',
);
process.stdout.write(`${token}\n`);
