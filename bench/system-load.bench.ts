// Issue 7: a mixed workload against the four services running as separate processes, from
// this process, for BENCH_LOAD_SECONDS (default 30): throughput, p50/p99 per route, errors,
// RSS per service, queue depths back to 0, and close→revoked latency under that load.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { eventually } from '@support-hub/testing';
import { SERVICE_NAMES, SystemUnderTest } from '../test/support/system-under-test';
import { canRead, closeCase, type Customer, onboardCustomer, openCase } from './support/customer';
import { cleanUpOnInterrupt } from './support/interrupt';
import { printTable } from './support/load';
import { rssMegabytes } from './support/processes';
import { percentile, round } from './support/stats';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const USERS = Number(process.env.BENCH_LOAD_USERS ?? 16);

type Route = 'access check' | 'list cases' | 'open case' | 'close case' | 'activity' | 'diagnostics read';

class Recorder {
  readonly latencies = new Map<Route, number[]>();
  readonly errors = new Map<Route, number>();

  async time(route: Route, call: () => Promise<Response>, expected: number[] = [200, 201]): Promise<Response | null> {
    const started = performance.now();
    try {
      const response = await call();
      const body = await response.text();
      if (!expected.includes(response.status)) throw new Error(`${response.status} ${body.slice(0, 200)}`);
      if (!this.latencies.has(route)) this.latencies.set(route, []);
      this.latencies.get(route)!.push(performance.now() - started);
      return new Response(body, { status: response.status });
    } catch (error) {
      this.errors.set(route, (this.errors.get(route) ?? 0) + 1);
      if ((this.errors.get(route) ?? 0) <= 3) console.error(`${route}: ${(error as Error).message}`);
      return null;
    }
  }
}

function queueDepths(exchange: string): Record<string, number> {
  const out = execFileSync('rabbitmqctl', ['list_queues', '-q', '--no-table-headers', 'name', 'messages'], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      // Consumer queues and their retry queues; dead letters and unroutable events are kept on purpose.
      .filter(([name]) => name?.startsWith(`${exchange}.`) && !name.endsWith('.dlq') && name !== `${exchange}.unroutable`)
      .map(([name, count]) => [name.slice(exchange.length + 1), Number(count)]),
  );
}

async function virtualUser(sut: SystemUnderTest, customer: Customer, recorder: Recorder, deadline: number, openCases: string[]): Promise<void> {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const json = (token: string) => ({ ...bearer(token), 'content-type': 'application/json' });
  while (Date.now() < deadline) {
    const dice = Math.random();
    if (dice < 0.4) {
      await recorder.time('access check', () => fetch(`${sut.url('access')}/api/v1/access-grants/check?tenantId=${customer.tenantId}`, { headers: bearer(customer.engineerToken) }));
    } else if (dice < 0.55) {
      await recorder.time('diagnostics read', () => fetch(`${sut.url('access')}/api/v1/tenants/${customer.tenantId}/diagnostics/sign-ins?limit=5`, { headers: bearer(customer.engineerToken) }), [200, 403]);
    } else if (dice < 0.7) {
      await recorder.time('list cases', () => fetch(`${sut.url('case')}/api/v1/workspaces/${customer.workspaceId}/cases?limit=20`, { headers: bearer(customer.adminToken) }));
    } else if (dice < 0.8) {
      await recorder.time('activity', () => fetch(`${sut.url('workspace')}/api/v1/activity?workspaces=${customer.workspaceId}`, { headers: bearer(customer.adminToken) }));
    } else if (dice < 0.9 || openCases.length === 0) {
      const response = await recorder.time('open case', () => fetch(`${sut.url('case')}/api/v1/workspaces/${customer.workspaceId}/cases`, {
        method: 'POST', headers: json(customer.adminToken),
        body: JSON.stringify({ title: 'Load', description: 'Mixed workload', severity: 'C', productArea: customer.productArea, allowAdvancedDiagnostics: true }),
      }));
      if (response) openCases.push(((await response.json()) as { id: string }).id);
    } else {
      const caseId = openCases.shift()!;
      await recorder.time('close case', () => fetch(`${sut.url('case')}/api/v1/cases/${caseId}/close`, { method: 'POST', headers: bearer(customer.engineerToken) }));
    }
  }
}

/** One probe customer, alone on its tenant, measures close→revoked while the others load the system. */
async function revocationProbe(sut: SystemUnderTest, probe: Customer, deadline: number): Promise<number[]> {
  const samples: number[] = [];
  while (Date.now() < deadline) {
    const caseId = await openCase(sut, probe);
    await eventually(() => canRead(sut, probe), { what: 'probe consent', intervalMs: 5 });
    await closeCase(sut, probe, caseId);
    const closedAt = performance.now();
    while (await canRead(sut, probe)) await new Promise((resolve) => setTimeout(resolve, 2));
    samples.push(performance.now() - closedAt);
  }
  return samples;
}

export async function main(): Promise<void> {
  const sut = await SystemUnderTest.start({}, { LOG_LEVEL: 'warn', LOG_REQUESTS: 'false', RATE_LIMIT_PER_MINUTE: '1000000' });
  const interruptible = cleanUpOnInterrupt(() => sut.stop());
  try {
    const customer = await onboardCustomer(sut, 'd0d0d0d0');
    const probe = await onboardCustomer(sut, 'e0e0e0e0');
    const recorder = new Recorder();
    const openCases: string[] = [];
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    const [revocations] = await Promise.all([
      revocationProbe(sut, probe, deadline),
      ...Array.from({ length: USERS }, () => virtualUser(sut, customer, recorder, deadline, openCases)),
    ]);
    const elapsed = (Date.now() - started) / 1000;
    const rss = Object.fromEntries(SERVICE_NAMES.map((name) => [name, rssMegabytes(sut.pid(name))]));
    const heaps = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (name) => [name, await heapMegabytes(sut.url(name))] as const)));

    const drainStarted = performance.now();
    const depths = await eventually(() => {
      const current = queueDepths(sut.exchange);
      return Object.values(current).every((count) => count === 0) && current;
    }, { timeoutMs: 60_000, intervalMs: 200, what: 'queues to drain' }).catch(() => queueDepths(sut.exchange));
    const drainMs = performance.now() - drainStarted;

    let total = 0;
    const rows: Record<string, string | number>[] = [...recorder.latencies.entries()].map(([route, samples]) => {
      total += samples.length;
      return { route, requests: samples.length, 'req/s': round(samples.length / elapsed), 'p50 ms': round(percentile(samples, 50), 1), 'p99 ms': round(percentile(samples, 99), 1), errors: recorder.errors.get(route) ?? 0 };
    });
    const errors = [...recorder.errors.values()].reduce((sum, count) => sum + count, 0);
    rows.push({ route: 'all', requests: total, 'req/s': round(total / elapsed), 'p50 ms': 0, 'p99 ms': 0, errors });
    printTable(`mixed workload, ${USERS} virtual users, ${round(elapsed)} s (target: errors 0)`, rows);
    printTable('RSS per service after the load (target: < 160 MB each), and its V8 heap: used / total', [
      Object.fromEntries(Object.entries(rss).map(([name, mb]) => [name, `${mb} MB (${heaps[name].used} / ${heaps[name].total} MB)`])),
    ]);
    printTable(`queue depths after the load (drained in ${round(drainMs)} ms; target: all 0)`, [depths]);
    printTable(`close → revoked under load, ${revocations.length} cases (probe polls every 2 ms)`, [
      { 'p50 ms': round(percentile(revocations, 50)), 'p99 ms': round(percentile(revocations, 99)), 'max ms': round(Math.max(...revocations)) },
    ]);
  } finally {
    interruptible();
    await sut.stop();
  }
}

if (require.main === module) main().catch((error) => { console.error(error); process.exit(1); });

/** The service's V8 heap from its own /metrics (prom-client's default metrics), in MB. */
async function heapMegabytes(serviceUrl: string): Promise<{ used: number; total: number }> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  const read = (name: string) => Math.round(Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1_048_576);
  return { used: read('nodejs_heap_size_used_bytes'), total: read('nodejs_heap_size_total_bytes') };
}
