#!/usr/bin/env node
// Prints one development JWT on stdout, valid for the services `npm start` runs here:
//   npm run -s token -- --sub <id> --email <email> --tid <tenant> [--name <n>] [--roles r1,r2] [--ttl <seconds>]
const path = require('node:path');
const { parseArgs } = require('node:util');
const { ensureBuild, root } = require('./ensure-build');

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    email: { type: 'string' },
    tid: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'string', default: '' },
    ttl: { type: 'string', default: '3600' },
  },
});

const missing = ['sub', 'email', 'tid'].filter((name) => !values[name]);
const ttlSeconds = Number(values.ttl);
if (missing.length || !Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
  process.stderr.write(
    `${missing.length ? `missing --${missing.join(', --')}\n` : 'invalid --ttl\n'}` +
      'usage: npm run -s token -- --sub <id> --email <email> --tid <tenant> [--name <name>] [--roles <r1,r2>] [--ttl <seconds>]\n',
  );
  process.exit(2);
}

ensureBuild({ quiet: true });
require('./register-aliases');
const { loadOrCreateDevSigningKey, signDevToken } = require(path.join(root, 'dist/libs/auth/src'));

const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
const key = loadOrCreateDevSigningKey(process.env.AUTH_DEV_KEY_FILE ?? path.join(dataDir, 'dev-jwt.key'));
const roles = values.roles.split(',').map((role) => role.trim()).filter(Boolean);
const token = signDevToken(
  key,
  { sub: values.sub, email: values.email, tid: values.tid, ...(values.name ? { name: values.name } : {}), roles, ttlSeconds },
  process.env.AUTH_ISSUER ?? 'support-hub-dev',
  process.env.AUTH_AUDIENCE ?? 'support-hub',
);
process.stdout.write(`${token}\n`);
