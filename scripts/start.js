#!/usr/bin/env node
// `npm start`: the whole system on this machine. Builds if needed, starts the embedded
// MongoDB-compatible server unless MONGODB_URI is set, then the four services as separate
// processes (N replicas each with REPLICAS=access=2,case=3) and the gateway in front of them
// (one entry point, GATEWAY_PORT, default 8080, which also serves the web console at `/`), prints one banner with every URL when all are ready, restarts a process that dies (scripts/supervisor.js) and stops everything
// cleanly on Ctrl-C.
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');
const { ensureBuild, root } = require('./ensure-build');
const { Supervisor } = require('./supervisor');

// <NAME>_PORT moves a service (tests run the launcher on free ports beside a running one).
const SERVICES = [
  { name: 'workspace', port: 3001 },
  { name: 'invitation', port: 3002 },
  { name: 'case', port: 3003 },
  { name: 'access', port: 3004 },
].map(({ name, port }) => ({ name, port: Number(process.env[`${name.toUpperCase()}_PORT`] ?? port) }));
const REPLICA_PORT_STEP = 100; // replica k of a service listens on its port + k*100
const gatewayPort = Number(process.env.GATEWAY_PORT ?? 8080);
const gatewayBase = `http://127.0.0.1:${gatewayPort}`;
const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
// Where the broker is; each service logs in as its own broker user, made here (see provisionBrokerUsers).
const amqpUrl = process.env.AMQP_URL ?? 'amqp://127.0.0.1:5672';
const exchange = process.env.AMQP_EXCHANGE ?? 'support-hub.events';
const userPrefix = process.env.AMQP_USER_PREFIX ?? 'support-hub-';
// The web console's bundle, which the gateway serves at `/` (console/README.md).
const consoleDist = path.join(root, 'console', 'dist');
let consoleBuilt = false;
let stopping = false;
const serviceLabels = [];
/** Every replica's label and base URL, in start order. */
const urls = [];
const supervisor = new Supervisor({
  log,
  output: (label, line) => process.stdout.write(`[${label}] ${line}\n`),
  onRestart: (label) => {
    const url = urls.find((candidate) => candidate.label === label);
    if (url) reportWhenServing(label, url.base);
  },
  onGiveUp: () => {
    if (supervisor.givenUp().length === serviceLabels.length + 1 + (process.env.MONGODB_URI ? 0 : 1)) {
      log('every process was given up on; stopping');
      void stop(1);
    }
  },
});

function log(line) {
  process.stdout.write(`[start] ${line}\n`);
}

function replicasOf(service) {
  const spec = (process.env.REPLICAS ?? '').split(',').map((pair) => pair.split('='));
  const count = Number(spec.find(([name]) => name === service)?.[1] ?? 1);
  return Number.isInteger(count) && count > 0 ? count : 1;
}

function run(label, args, env) {
  return supervisor.add(label, process.execPath, ['-r', path.join(__dirname, 'register-aliases.js'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
}

function brokerReachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5672) });
    socket.setTimeout(2000);
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(socket.destroy() && false));
  });
}

function startEmbeddedMongo() {
  const port = process.env.EMBEDDED_MONGO_PORT ?? '27017';
  // A restarted server keeps its port and data folder, so the services reconnect to it.
  const child = run('mongo', ['dist/libs/embedded-mongo/src/main.js', '--port', port, '--data-dir', path.join(dataDir, 'mongo')], {});
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const message = JSON.parse(line);
        if (message.uri) resolve(message.uri);
      } catch {
        // not a JSON line: only printed
      }
    });
    child.once('exit', () => reject(new Error('the embedded MongoDB server exited during start-up')));
  });
}

/** Each service owns its database: same server, database named after the service. */
function databaseUri(baseUri, service) {
  const url = new URL(baseUri);
  url.pathname = `/support-hub-${service}`;
  return url.toString();
}

/**
 * The services' broker users (least privilege, from the event catalog), made or updated with the
 * broker administrator's rights: the management API at RABBITMQ_ADMIN_URL (default the local
 * `guest`), else `rabbitmqctl`. Passwords are made once and kept in the data folder (mode 0600).
 */
async function provisionBrokerUsers() {
  require('./register-aliases');
  const { randomServicePasswords, ServiceBrokerUsers } = require('@support-hub/messaging');
  const file = path.join(dataDir, 'broker-users.json');
  let passwords;
  try {
    passwords = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    passwords = randomServicePasswords();
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(passwords), { mode: 0o600 });
  }
  const users = new ServiceBrokerUsers({ brokerUrl: amqpUrl, exchange, prefix: userPrefix, passwords, adminUrl: process.env.RABBITMQ_ADMIN_URL });
  await users.provision();
  return users;
}

async function waitUntilReady(url, deadline, abandon = () => false) {
  while (Date.now() < deadline && !abandon()) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  log('stopping...');
  // The entry points first (no new requests), then the services (they drain and close their
  // connections), the database last.
  await supervisor.stop([['gateway'], serviceLabels, ['mongo']]);
  process.exit(code);
}

/** After a restart, says when the replica serves again (the supervisor only knows it runs). */
function reportWhenServing(label, base) {
  const child = supervisor.childOf(label);
  void waitUntilReady(`${base}/health/ready`, Date.now() + 60_000, () => supervisor.childOf(label) !== child || stopping).then((ready) => {
    if (ready) log(`${label} is serving again at ${base}`);
  });
}

function banner(urls, mongoUri) {
  const lines = ['Support Hub is ready:'];
  lines.push(`  ${'gateway'.padEnd(12)} ${gatewayBase}/api/v1   docs ${gatewayBase}/docs   health ${gatewayBase}/health/ready   (every service, one entry point)`);
  for (const { label, base } of urls) lines.push(`  ${label.padEnd(12)} ${base}/api/v1   docs ${base}/docs   health ${base}/health/ready   metrics ${base}/metrics`);
  const database = process.env.MONGODB_URI ? 'MongoDB at MONGODB_URI' : `embedded MongoDB ${mongoUri} (data in ${path.join(dataDir, 'mongo')})`;
  lines.push(`  ${'database'.padEnd(12)} ${database}`);
  lines.push(`  ${'broker'.padEnd(12)} ${new URL(amqpUrl).host}, exchange ${exchange}; management ${new URL(process.env.RABBITMQ_ADMIN_URL ?? 'http://127.0.0.1:15672').origin}`);
  if (consoleBuilt) lines.push(`  ${'console'.padEnd(12)} ${gatewayBase}/  (development sign-in: act as any example user)`);
  lines.push(`  ${'mail'.padEnd(12)} ${path.join(dataDir, 'mailbox')} (*.eml)`);
  lines.push('Get a token:  npm run -s token -- --sub alice --email alice@contoso.com --tid <tenant> [--roles csam]');
  lines.push('Dead letters: npm run -s dlq -- list --service <name>');
  lines.push('Ctrl-C stops everything; a service that dies is restarted.');
  log(lines.join('\n'));
}

/** Builds the console bundle for the gateway to serve; without it the gateway serves the API only. */
function buildConsoleBundle() {
  try {
    require('../console/build').buildConsole({ quiet: true });
    consoleBuilt = true;
  } catch (error) {
    log(`the console is not served: its bundle did not build (${error.message.split('\n')[0]})`);
  }
}

async function main() {
  ensureBuild();
  if (!(await brokerReachable(amqpUrl))) {
    log(`RabbitMQ is not reachable at ${new URL(amqpUrl).host}.`);
    log('Start one with `rabbitmq-server -detached` (Debian) or `docker-compose up -d rabbitmq`, or set AMQP_URL.');
    process.exit(1);
  }
  const brokerUsers = await provisionBrokerUsers();
  const mongoUri = process.env.MONGODB_URI ?? (await startEmbeddedMongo());
  for (const { name, port } of SERVICES) {
    for (let replica = 0; replica < replicasOf(name); replica += 1) {
      const replicaPort = port + replica * REPLICA_PORT_STEP;
      const label = replica === 0 ? name : `${name}#${replica + 1}`;
      serviceLabels.push(label);
      run(label, [`dist/services/${name}/src/main.js`], {
        PORT: String(replicaPort),
        MONGODB_URI: databaseUri(mongoUri, name),
        AMQP_URL: brokerUsers.amqpUrlOf(name),
        AMQP_EXCHANGE: exchange,
        AMQP_USER_PREFIX: userPrefix,
        DATA_DIR: dataDir,
        // The invitation email's link lands on the gateway: the console's accept page (or, without a bundle, a plain page).
        INVITATION_ACCEPT_URL: process.env.INVITATION_ACCEPT_URL ?? `${gatewayBase}/invitations/accept`,
        // The access-request emails link to the console's screens.
        CONSOLE_URL: process.env.CONSOLE_URL ?? gatewayBase,
        // Requests come through the gateway on this machine: its X-Forwarded-For names the client.
        TRUST_PROXY: process.env.TRUST_PROXY ?? '127.0.0.1,::1',
      });
      urls.push({ label, base: `http://127.0.0.1:${replicaPort}` });
    }
  }
  buildConsoleBundle();
  run('gateway', ['dist/services/gateway/src/main.js'], {
    PORT: String(gatewayPort),
    // The console and, on the development key, its sign-in, which signs with the services' key.
    CONSOLE_DIST_DIR: consoleBuilt ? consoleDist : '',
    DATA_DIR: dataDir,
    ...Object.fromEntries(
      SERVICES.map(({ name }) => [`${name.toUpperCase()}_URL`, urls.filter(({ label }) => label.split('#')[0] === name).map(({ base }) => base).join(',')]),
    ),
  });
  const deadline = Date.now() + 60_000;
  const ready = await Promise.all(
    urls.map(({ label, base }) => waitUntilReady(`${base}/health/ready`, deadline, () => stopping || supervisor.givenUp().includes(label))),
  );
  // The gateway is ready when it listens: its own /health/ready waits for every service.
  const gatewayReady = await waitUntilReady(`${gatewayBase}/health/live`, deadline, () => stopping || supervisor.givenUp().includes('gateway'));
  if (stopping) return;
  if (!ready.includes(true)) {
    log('no service became ready; stopping');
    return stop(1);
  }
  // A service that cannot start does not take the others down: they serve, and it is named.
  const notServing = urls.filter((_, i) => !ready[i]).map(({ label }) => label);
  banner(urls.filter((_, i) => ready[i]), mongoUri);
  if (!gatewayReady) notServing.unshift('gateway');
  if (notServing.length > 0) log(`NOT serving: ${notServing.join(', ')} (see their lines above)`);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error) => {
  log(error.message);
  void stop(1);
});
