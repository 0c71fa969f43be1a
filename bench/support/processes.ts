import { ChildProcess, fork, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { extraNodeArgs } from '../../test/support/node-args';
import { cleanUpOnInterrupt } from './interrupt';

const root = join(__dirname, '..', '..', '..');

/**
 * Starts a compiled entry point (dist/...) as its own process, as `npm start` would. Its
 * stdout is dropped unless BENCH_CHILD_STDOUT is set (e.g. with EMBEDDED_MONGO_SLOW_MS, to see
 * the database's slow commands).
 */
export function startNode(entry: string, env: Record<string, string>): ChildProcess {
  return killedOnInterrupt(spawn(process.execPath, [...extraNodeArgs(), '-r', join(root, 'scripts', 'register-aliases.js'), join(root, 'dist', entry)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', process.env.BENCH_CHILD_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  }));
}

/** Like startNode, with an IPC channel to the child (`child.send`, `process.send`). */
export function forkNode(entry: string, env: Record<string, string>): ChildProcess {
  return killedOnInterrupt(fork(join(root, 'dist', entry), [], {
    execArgv: [...extraNodeArgs(), '-r', join(root, 'scripts', 'register-aliases.js')],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  }));
}

/** A bench interrupted with SIGTERM alone (e.g. `timeout`) must not leave its servers running. */
function killedOnInterrupt(child: ChildProcess): ChildProcess {
  const unregister = cleanUpOnInterrupt(() => stopProcess(child));
  child.once('exit', unregister);
  return child;
}

export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms`);
}

/** For servers that speak no HTTP (the embedded MongoDB): ready once the port accepts. */
export async function waitForTcp(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`port ${port} not open within ${timeoutMs} ms`);
}

/** The embedded database in a process of its own (no data directory: in memory), as a replica set for transactions. */
export async function startEmbeddedMongo(port: number): Promise<{ process: ChildProcess; uri: string }> {
  const server = startNode('libs/embedded-mongo/src/main.js', { EMBEDDED_MONGO_PORT: String(port), EMBEDDED_MONGO_DATA_DIR: '' });
  await waitForTcp(port);
  return { process: server, uri: `mongodb://127.0.0.1:${port}/?replicaSet=rs0` };
}

export function stopProcess(child: ChildProcess): Promise<void> {
  // A child ended by a signal has no exit code: it has exited all the same.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function rssMegabytes(pid: number): number {
  // /proc is the cheapest honest reading of another process's resident memory on Linux.
  const status = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8') as string;
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}
