import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import { eventually } from '@support-hub/testing';
import type { ConsoleConfig } from '../../services/gateway/src/console/console-config';
import { nginxConfig } from '../../services/gateway/src/nginx/nginx-config';
import { freePort } from './system-under-test';

const root = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();

/** nginx's binary when it is installed (CI installs it: .ci/run); the nginx tests are skipped without it. */
export const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/bin/nginx', '/opt/homebrew/bin/nginx'].find((path) => existsSync(path));

/** Root runs nginx as `nobody`: the tests prove it needs no privilege (free port, its own temp folders). */
const UNPRIVILEGED = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** A front door started by a test: the gateway process or nginx, on a free port, with its last output for failures. */
export class EntryPoint {
  private readonly output: string[] = [];
  private constructor(readonly url: string, private readonly child: ChildProcess, private readonly cleanup: () => void) {
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => this.output.push(line) > 200 && this.output.shift());
    process.once('exit', () => child.kill('SIGKILL'));
  }

  /** The embedded default's gateway (compiled, as `npm start` runs it) in front of the given replicas. */
  static async gateway(upstreams: Record<ServiceName, string[]>, env: Record<string, string> = {}): Promise<EntryPoint> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', join(root, 'scripts', 'register-aliases.js'), join(root, 'dist', 'services', 'gateway', 'src', 'main.js')], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ...Object.fromEntries(SERVICE_NAMES.map((service) => [`${service.toUpperCase()}_URL`, upstreams[service].join(',')])),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new EntryPoint(`http://127.0.0.1:${port}`, child, () => undefined).ready();
  }

  /** nginx with the generated production configuration, in front of the given replicas (`http://host:port`). */
  static async nginx(upstreams: Record<ServiceName, string[]>, options: { bodyLimitBytes?: number; corsOrigins?: string[]; consoleRoot?: string; consoleConfig?: ConsoleConfig } = {}): Promise<EntryPoint> {
    if (!NGINX) throw new Error('nginx is not installed');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'support-hub-nginx-'));
    chmodSync(dir, 0o777);
    const config = nginxConfig({
      listen: `127.0.0.1:${port}`,
      upstreams: Object.fromEntries(SERVICE_NAMES.map((service) => [service, upstreams[service].map((url) => new URL(url).host)])) as Record<ServiceName, string[]>,
      bodyLimitBytes: options.bodyLimitBytes ?? 65_536,
      corsOrigins: options.corsOrigins ?? [],
      upstreamTimeoutSeconds: 30,
      runtimeDir: dir,
      accessLog: join(dir, 'access.log'),
      consoleRoot: options.consoleRoot,
      consoleConfig: options.consoleConfig,
    });
    writeFileSync(join(dir, 'nginx.conf'), config);
    const child = spawn(NGINX, ['-e', 'stderr', '-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'], ...UNPRIVILEGED });
    return new EntryPoint(`http://127.0.0.1:${port}`, child, () => rmSync(dir, { recursive: true, force: true })).ready();
  }

  private async ready(): Promise<this> {
    try {
      const outcome = await eventually(async () => {
        if (this.child.exitCode !== null) return 'exited';
        return (await fetch(`${this.url}/health/live`).catch(() => undefined))?.ok && 'ready';
      }, { timeoutMs: 30_000, intervalMs: 100, what: `${this.url} to answer` });
      if (outcome === 'exited') throw new Error(`${this.url} exited (${this.child.exitCode})`);
    } catch (error) {
      await this.stop();
      throw new Error(`${(error as Error).message}; its output:\n${this.output.join('\n')}`);
    }
    return this;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await new Promise<void>((resolve) => {
        this.child.once('exit', () => resolve());
        this.child.kill('SIGTERM');
      });
    }
    this.cleanup();
  }
}
