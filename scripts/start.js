#!/usr/bin/env node
// `npm start`: the whole system on this machine. Builds if needed, starts the embedded
// MongoDB-compatible server unless MONGODB_URI is set, then the four services as separate
// processes (N replicas each with REPLICAS=access=2,case=3), prints their URLs when all
// are ready, and stops everything cleanly on Ctrl-C.
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');
const { ensureBuild, root } = require('./ensure-build');

const SERVICES = [
  { name: 'workspace', port: 3001 },
  { name: 'invitation', port: 3002 },
  { name: 'case', port: 3003 },
  { name: 'access', port: 3004 },
];
const REPLICA_PORT_STEP = 100; // replica k of a service listens on its port + k*100
const dataDir = path.resolve(root, process.env.DATA_DIR ?? '.data');
// Where the broker is; each service logs in as its own broker user, made here (see provisionBrokerUsers).
const amqpUrl = process.env.AMQP_URL ?? 'amqp://127.0.0.1:5672';
const exchange = process.env.AMQP_EXCHANGE ?? 'support-hub.events';
const userPrefix = process.env.AMQP_USER_PREFIX ?? 'support-hub-';
const children = [];
let stopping = false;

function log(line) {
  process.stdout.write(`[start] ${line}\n`);
}

function replicasOf(service) {
  const spec = (process.env.REPLICAS ?? '').split(',').map((pair) => pair.split('='));
  const count = Number(spec.find(([name]) => name === service)?.[1] ?? 1);
  return Number.isInteger(count) && count > 0 ? count : 1;
}

function run(label, args, env) {
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'register-aliases.js'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${label}] ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${label} exited (${signal ?? code}); stopping everything`);
      void stop(1);
    }
  });
  children.push({ label, child });
  return child;
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
  const child = run('mongo', ['dist/libs/embedded-mongo/src/main.js', '--port', port, '--data-dir', path.join(dataDir, 'mongo')], {});
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
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
  const { ServiceBrokerUsers } = require('@support-hub/messaging');
  const file = path.join(dataDir, 'broker-users.json');
  let passwords;
  try {
    passwords = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    passwords = Object.fromEntries(SERVICES.map(({ name }) => [name, randomBytes(24).toString('base64url')]));
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(passwords), { mode: 0o600 });
  }
  const users = new ServiceBrokerUsers({ brokerUrl: amqpUrl, exchange, prefix: userPrefix, passwords, adminUrl: process.env.RABBITMQ_ADMIN_URL });
  await users.provision();
  return users;
}

async function waitUntilReady(url, deadline) {
  while (Date.now() < deadline) {
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
  stopping = true;
  log('stopping...');
  const services = children.filter(({ label }) => label !== 'mongo');
  const mongo = children.filter(({ label }) => label === 'mongo');
  // Services first (they drain and close their connections), the database last.
  for (const group of [services, mongo]) {
    await Promise.all(
      group.map(({ child }) =>
        child.exitCode !== null || child.signalCode !== null
          ? undefined
          : new Promise((resolve) => {
              const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
              child.once('exit', () => resolve(clearTimeout(timer)));
              child.kill('SIGTERM');
            }),
      ),
    );
  }
  process.exit(code);
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
  const urls = [];
  for (const { name, port } of SERVICES) {
    for (let replica = 0; replica < replicasOf(name); replica += 1) {
      const replicaPort = port + replica * REPLICA_PORT_STEP;
      const label = replica === 0 ? name : `${name}#${replica + 1}`;
      run(label, [`dist/services/${name}/src/main.js`], {
        PORT: String(replicaPort),
        MONGODB_URI: databaseUri(mongoUri, name),
        AMQP_URL: brokerUsers.amqpUrlOf(name),
        AMQP_EXCHANGE: exchange,
        AMQP_USER_PREFIX: userPrefix,
        DATA_DIR: dataDir,
      });
      urls.push({ label, base: `http://127.0.0.1:${replicaPort}` });
    }
  }
  const deadline = Date.now() + 60_000;
  const ready = await Promise.all(urls.map(({ base }) => waitUntilReady(`${base}/health/ready`, deadline)));
  if (ready.includes(false)) {
    log(`not ready after 60 s: ${urls.filter((_, i) => !ready[i]).map(({ label }) => label).join(', ')}`);
    return stop(1);
  }
  log('Support Hub is ready:');
  for (const { label, base } of urls) log(`  ${label.padEnd(12)} ${base}/api/v1   docs ${base}/docs`);
  log('Get a token: npm run -s token -- --sub alice --email alice@contoso.com --tid <tenant> [--roles csam]');
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error) => {
  log(error.message);
  void stop(1);
});
