import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { loadOrCreateDevSigningKey, signDevToken, TokenRequest } from '@support-hub/auth';
import type { ServiceBrokerUsers } from '@support-hub/messaging';
import { DEFAULT_VENDOR_TENANT_ID } from '@support-hub/platform';
import { ADMIN_AMQP_URL, deleteBrokerObjects, eventually, provisionRunBrokerUsers, TEST_AUDIENCE, TEST_ISSUER } from '@support-hub/testing';
import { extraNodeArgs } from './node-args';

export type ServiceName = 'workspace' | 'invitation' | 'case' | 'access';
export const SERVICE_NAMES: ServiceName[] = ['workspace', 'invitation', 'case', 'access'];

/** The repository root, found from here whether this runs from sources (Jest) or from dist/ (bench). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

const root = repositoryRoot();
const run = promisify(execFile);
const { ensureBuild } = require(join(root, 'scripts', 'ensure-build')) as { ensureBuild(options?: { quiet?: boolean }): void };

interface RunningProcess {
  label: string;
  child: ChildProcess;
  port: number;
  env: Record<string, string>;
  entry: string;
  output: string[];
}

/**
 * Every child of this test process. A Jest timeout or a crash leaves no `afterAll` to stop them:
 * kill them when the test process exits, so a failed run never leaves services consuming the
 * shared broker.
 */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The whole system as operators run it: the embedded database and each service replica as
 * its own process (the compiled code `npm start` runs), over the machine's RabbitMQ with a
 * per-run exchange. Tests kill, restart and scale processes through it.
 */
export class SystemUnderTest {
  readonly runId = randomBytes(4).toString('hex');
  readonly exchange = `test.${this.runId}.events`;
  /** The administrator's URL: the tests' own view of the bus (taps, raw publishes, queue counts). */
  readonly amqpUrl = ADMIN_AMQP_URL;
  /** Each service connects as its own broker user of this run (`test-<run id>-<service>`). */
  brokerUsers?: ServiceBrokerUsers;
  brokerUserPrefix = '';
  readonly dataDir = mkdtempSync(join(tmpdir(), `support-hub-system-${this.runId}-`));
  readonly mailDir = join(this.dataDir, 'mailbox');
  readonly keyFile = join(this.dataDir, 'dev-jwt.key');
  /** The vendor's tenant the services run with: vendor roles count only in its tokens. */
  readonly vendorTenantId = DEFAULT_VENDOR_TENANT_ID;
  private readonly signingKey = loadOrCreateDevSigningKey(this.keyFile);
  private mongo?: RunningProcess & { uri: string };
  private readonly replicas = new Map<ServiceName, RunningProcess[]>();

  static async start(replicas: Partial<Record<ServiceName, number>> = {}, extraEnv: Record<string, string> = {}): Promise<SystemUnderTest> {
    // The processes run the compiled code, as `npm start` does: build it if sources changed.
    ensureBuild({ quiet: true });
    const system = new SystemUnderTest();
    try {
      const { users, prefix } = await provisionRunBrokerUsers(system.runId, system.exchange);
      system.brokerUsers = users;
      system.brokerUserPrefix = prefix;
      await system.startDatabase();
      await Promise.all(SERVICE_NAMES.map(async (name) => {
        for (let index = 0; index < (replicas[name] ?? 1); index += 1) await system.addReplica(name, extraEnv);
      }));
    } catch (error) {
      // The caller never gets the system to stop: stop what did start.
      await system.stop();
      throw error;
    }
    return system;
  }

  token(request: TokenRequest): string {
    return signDevToken(this.signingKey, request, TEST_ISSUER, TEST_AUDIENCE);
  }

  url(service: ServiceName, replica = 0): string {
    const running = this.replicas.get(service)?.[replica];
    if (!running) throw new Error(`${service}#${replica} is not running`);
    return `http://127.0.0.1:${running.port}`;
  }

  pid(service: ServiceName, replica = 0): number {
    return this.replicas.get(service)![replica].child.pid!;
  }

  replicaCount(service: ServiceName): number {
    return this.replicas.get(service)?.length ?? 0;
  }

  /** The last lines a replica wrote (stdout and stderr), to explain a failure. */
  output(service: ServiceName | 'mongo', replica = 0): string {
    const running = service === 'mongo' ? this.mongo : this.replicas.get(service)?.[replica];
    return running ? running.output.join('\n') : '';
  }

  /** Queue names of a service, as the messaging library derives them from the run's exchange. */
  queues(service: ServiceName): { queue: string; deadLetter: string; unroutable: string } {
    const queue = `${this.exchange}.${service}`;
    return { queue, deadLetter: `${queue}.dlq`, unroutable: `${this.exchange}.unroutable` };
  }

  /**
   * The broker's ids of the AMQP connections a replica holds. Found by the replica's own TCP
   * sockets (its local ports are the broker's peer ports), so other runs' connections of the
   * same service on this shared broker are never touched.
   */
  async brokerConnections(service: ServiceName, replica = 0): Promise<string[]> {
    const pid = this.pid(service, replica);
    const { stdout: sockets } = await run('ss', ['-tnpH', 'state', 'established']);
    const ports = new Set<string>();
    for (const line of sockets.split('\n')) {
      if (!line.includes(`pid=${pid},`)) continue;
      const [local, peer] = line.trim().split(/\s+/).slice(2, 4);
      if (peer?.endsWith(':5672')) ports.add(local.slice(local.lastIndexOf(':') + 1));
    }
    const { stdout } = await run('rabbitmqctl', ['list_connections', '-q', '--no-table-headers', 'peer_port', 'pid']);
    return stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([port, connection]) => connection && ports.has(port))
      .map(([, connection]) => connection);
  }

  /** Cuts a replica's broker connections from the broker side (as a broker restart or a network cut would). */
  async cutBrokerConnections(service: ServiceName, replica = 0): Promise<number> {
    const connections = await this.brokerConnections(service, replica);
    for (const connection of connections) {
      await run('rabbitmqctl', ['close_connection', connection, 'system test: connection cut']);
    }
    return connections.length;
  }

  async startDatabase(): Promise<void> {
    const port = await freePort();
    const env = { EMBEDDED_MONGO_PORT: String(port), EMBEDDED_MONGO_DATA_DIR: join(this.dataDir, 'mongo') };
    const running = this.spawn('mongo', 'libs/embedded-mongo/src/main.js', port, env);
    await this.waitFor(running, () => running.output.some((line) => line.includes('"uri"')), 'to listen');
    this.mongo = { ...running, uri: `mongodb://127.0.0.1:${port}/` };
  }

  async restartDatabase(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.stopProcess(this.mongo!, signal);
    const { port, env, entry } = this.mongo!;
    const running = this.spawn('mongo', entry, port, env);
    await this.waitFor(running, () => running.output.some((line) => line.includes('"uri"')), 'to listen again');
    this.mongo = { ...running, uri: this.mongo!.uri };
  }

  /** A service's own database; tests age a record there (an invitation past its expiry) where no clock can be moved. */
  databaseUri(name: ServiceName): string {
    const url = new URL(this.mongo!.uri);
    url.pathname = `/support-hub-${name}`;
    return url.toString();
  }

  async addReplica(name: ServiceName, extraEnv: Record<string, string> = {}): Promise<number> {
    const port = await freePort();
    const env = {
      PORT: String(port),
      MONGODB_URI: this.databaseUri(name),
      AMQP_URL: this.brokerUsers!.amqpUrlOf(name),
      AMQP_USER_PREFIX: this.brokerUserPrefix,
      AMQP_EXCHANGE: this.exchange,
      DATA_DIR: this.dataDir,
      MAIL_DIR: this.mailDir,
      AUTH_DEV_KEY_FILE: this.keyFile,
      VENDOR_TENANT_ID: this.vendorTenantId,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      LOG_REQUESTS: 'false',
      ...extraEnv,
    };
    const list = this.replicas.get(name) ?? [];
    const running = this.spawn(`${name}#${list.length}`, `services/${name}/src/main.js`, port, env);
    list.push(running);
    this.replicas.set(name, list);
    await this.waitReady(running);
    return list.length - 1;
  }

  async kill(name: ServiceName, replica = 0, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.stopProcess(this.replicas.get(name)![replica], signal);
  }

  async restart(name: ServiceName, replica = 0): Promise<void> {
    const old = this.replicas.get(name)![replica];
    const running = this.spawn(old.label, old.entry, old.port, old.env);
    this.replicas.get(name)![replica] = running;
    await this.waitReady(running);
  }

  async stop(): Promise<void> {
    const services = [...this.replicas.values()].flat();
    await Promise.all(services.map((running) => this.stopProcess(running, 'SIGTERM')));
    if (this.mongo) await this.stopProcess(this.mongo, 'SIGTERM');
    await deleteBrokerObjects(this.amqpUrl, this.exchange).catch(() => undefined);
    await this.brokerUsers?.remove().catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async waitReady(running: RunningProcess): Promise<void> {
    const base = `http://127.0.0.1:${running.port}`;
    await this.waitFor(running, async () => (await fetch(`${base}/health/ready`)).ok, `to be ready at ${base}`);
  }

  /** Waits for a process; if it exits or never gets there, the error shows what it wrote last. */
  private async waitFor(running: RunningProcess, probe: () => boolean | Promise<boolean>, what: string): Promise<void> {
    const hasExited = () => running.child.exitCode !== null || running.child.signalCode !== null;
    let outcome: 'ready' | 'exited';
    try {
      outcome = await eventually(async () => (hasExited() ? 'exited' : (await probe()) && 'ready'), {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: `${running.label} ${what}`,
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}; its last output:\n${running.output.slice(-20).join('\n')}`);
    }
    if (outcome === 'exited') {
      throw new Error(`${running.label} exited (${running.child.exitCode ?? running.child.signalCode}) before ${what}; its last output:\n${running.output.slice(-20).join('\n')}`);
    }
  }

  private spawn(label: string, entry: string, port: number, env: Record<string, string>): RunningProcess {
    const child = spawn(process.execPath, [...extraNodeArgs(), '-r', join(root, 'scripts', 'register-aliases.js'), join(root, 'dist', entry)], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    const output: string[] = [];
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (output.length > 500) output.shift();
        if (process.env.TEST_SHOW_OUTPUT) process.stderr.write(`[${label}] ${line}\n`);
      });
    }
    return { label, child, port, env, entry, output };
  }

  private stopProcess(running: RunningProcess, signal: NodeJS.Signals): Promise<void> {
    const { child } = running;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill(signal);
    });
  }
}
