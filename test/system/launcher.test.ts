// `npm start` as an operator runs it (scripts/start.js, the real launcher), on free ports and with
// its own data folder, exchange and broker users, so it never meets another run or a developer's
// own `npm start`: a SIGKILLed service comes back and serves while the others never stop.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { ServiceBrokerUsers, randomServicePasswords } from '@support-hub/messaging';
import { ADMIN_AMQP_URL, deleteBrokerObjects, eventually } from '@support-hub/testing';

const root = join(__dirname, '..', '..');
const { ensureBuild } = require(join(root, 'scripts', 'ensure-build')) as { ensureBuild(options?: { quiet?: boolean }): void };

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port whose replica port (+100, REPLICAS) is free too. */
async function freePortPair(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (taken.has(port) || taken.has(port + 100)) continue;
    if ((await portIsFree(port)) && (await portIsFree(port + 100))) {
      taken.add(port).add(port + 100);
      return port;
    }
  }
}

/** The pid listening on a loopback port, from the kernel's socket table. */
async function listenerPid(port: number): Promise<number | undefined> {
  const { stdout } = await promisify(execFile)('ss', ['-ltnpH', `sport = :${port}`]);
  const pid = /pid=(\d+)/.exec(stdout)?.[1];
  return pid ? Number(pid) : undefined;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false;
  }
}

describe('npm start (the launcher supervises its services)', () => {
  const runId = randomBytes(4).toString('hex');
  const exchange = `test.${runId}.events`;
  const prefix = `test-${runId}-`;
  const dataDir = mkdtempSync(join(tmpdir(), `support-hub-launcher-${runId}-`));
  const output: string[] = [];
  const ports: Record<string, number> = {};
  let launcher: ChildProcess;
  let exited: Promise<number | null>;

  const printed = (text: string) => output.some((line) => line.includes(text));
  const base = (service: string, replica = 0) => `http://127.0.0.1:${ports[service] + replica * 100}`;

  beforeAll(async () => {
    ensureBuild({ quiet: true });
    const taken = new Set<number>();
    for (const service of ['workspace', 'invitation', 'case', 'access', 'mongo', 'gateway']) ports[service] = await freePortPair(taken);
    launcher = spawn(process.execPath, [join(root, 'scripts', 'start.js')], {
      cwd: root,
      // Its own process group: should the test die, the whole group is killed, services included.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        AMQP_EXCHANGE: exchange,
        AMQP_USER_PREFIX: prefix,
        EMBEDDED_MONGO_PORT: String(ports.mongo),
        WORKSPACE_PORT: String(ports.workspace),
        INVITATION_PORT: String(ports.invitation),
        CASE_PORT: String(ports.case),
        ACCESS_PORT: String(ports.access),
        GATEWAY_PORT: String(ports.gateway),
        REPLICAS: 'access=2',
        LOG_LEVEL: 'info',
      },
    });
    exited = new Promise((resolve) => launcher.once('exit', (code) => resolve(code)));
    for (const stream of [launcher.stdout!, launcher.stderr!]) createInterface({ input: stream }).on('line', (line) => output.push(line));
    process.once('exit', () => {
      if (launcher.exitCode === null) process.kill(-launcher.pid!, 'SIGKILL');
    });
    await eventually(() => printed('Support Hub is ready:') || (launcher.exitCode !== null && 'exited'), { timeoutMs: 120_000, intervalMs: 200, what: 'the ready banner' }).then(
      (outcome) => {
        if (outcome === 'exited') throw new Error(`the launcher exited:\n${output.slice(-30).join('\n')}`);
      },
    );
  }, 150_000);

  afterAll(async () => {
    if (launcher?.exitCode === null) {
      process.kill(-launcher.pid!, 'SIGKILL');
      await exited;
    }
    await deleteBrokerObjects(ADMIN_AMQP_URL, exchange).catch(() => undefined);
    await new ServiceBrokerUsers({ brokerUrl: ADMIN_AMQP_URL, exchange, prefix, passwords: randomServicePasswords(), adminUrl: process.env.RABBITMQ_ADMIN_URL })
      .remove()
      .catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts quietly: no route table, one banner with every URL', () => {
    const banner = output.slice(output.findIndex((line) => line.includes('Support Hub is ready:')));
    for (const [label, url] of [['workspace', base('workspace')], ['invitation', base('invitation')], ['case', base('case')], ['access', base('access')], ['access#2', base('access', 1)]]) {
      expect(banner.find((line) => line.includes(`${label} `))).toContain(`${url}/api/v1`);
    }
    expect(banner.join('\n')).toContain(`mongodb://127.0.0.1:${ports.mongo}/`);
    expect(banner.find((line) => line.includes('gateway '))).toContain(`${base('gateway')}/api/v1`);
    expect(output.filter((line) => /RouterExplorer|RoutesResolver|InstanceLoader/.test(line))).toEqual([]);
  });

  it('serves every service through the gateway, both access replicas included', async () => {
    const gateway = base('gateway');
    expect(await (await fetch(`${gateway}/health/ready`)).json()).toEqual({ status: 'ok', checks: { workspace: 'ok', invitation: 'ok', case: 'ok', access: 'ok' } });
    const paths = Object.keys(((await (await fetch(`${gateway}/docs/json`)).json()) as { paths: object }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/contracts', '/api/v1/workspaces/{id}/invitations', '/api/v1/cases/{id}/close', '/api/v1/access-grants/check']));
    const unauthenticated = await fetch(`${gateway}/api/v1/access-grants/check?tenantId=${randomUUID()}`);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('x-request-id')).toBeTruthy();
  });

  it('serves the web console at the gateway, with the development sign-in', async () => {
    const gateway = base('gateway');
    expect(output.find((line) => line.includes('console ') && line.includes(`${gateway}/`))).toBeDefined();
    const page = await fetch(`${gateway}/engineer`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(((await (await fetch(`${gateway}/dev/people`)).json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('restarts a SIGKILLed service, which serves again, while the other services never stop', async () => {
    const others = [base('workspace'), base('invitation'), base('case'), base('access', 1)];
    const pidsBefore = await Promise.all(others.map((url) => listenerPid(Number(new URL(url).port))));
    const killed = (await listenerPid(ports.access))!;
    expect(pidsBefore).not.toContain(undefined);

    process.kill(killed, 'SIGKILL');
    const outages: string[] = [];
    await eventually(
      async () => {
        // Every probe round also asks the others: one that stops answering is an outage.
        for (const url of others) if (!(await answers(`${url}/health/live`))) outages.push(url);
        const pid = await listenerPid(ports.access);
        return pid !== undefined && pid !== killed && (await answers(`${base('access')}/health/ready`));
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'the access service serving again' },
    );

    expect(outages).toEqual([]);
    expect(await Promise.all(others.map((url) => listenerPid(Number(new URL(url).port))))).toEqual(pidsBefore);
    expect(printed('access exited (SIGKILL); restarting it in 1 s (attempt 2)')).toBe(true);
    await eventually(() => printed(`access is serving again at ${base('access')}`), { what: 'the launcher saying so' });
  });

  it('stops everything cleanly on Ctrl-C', async () => {
    launcher.kill('SIGINT');
    expect(await exited).toBe(0);
    const listening = await Promise.all([...Object.values(ports), ports.access + 100].map((port) => listenerPid(port)));
    expect(listening.filter((pid) => pid !== undefined)).toEqual([]);
    expect(printed('restarting it')).toBe(true); // only the one restart above, none while stopping
    expect(output.filter((line) => line.includes('restarting it'))).toHaveLength(1);
  });
});
