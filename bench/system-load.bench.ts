// Issues 7 and 18: a mixed workload against the four services running as separate processes,
// offered open-loop from this process over a realistic support pool (several product areas,
// several engineers each, several customers). Two phases: BENCH_LOAD_SECONDS at the fixed rate
// BENCH_LOAD_RATE, reporting per operation the achieved rate, p50/p99 and errors, with
// close → revoked measured under that load, RSS per service and queue depths after it; then a
// ramp over BENCH_LOAD_RATES (BENCH_LOAD_STEP_SECONDS each) that stops at the first rate whose
// p99 reaches BENCH_LOAD_P99_MS for some operation, and reports the highest rate held.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { eventually } from '@support-hub/testing';
import { SERVICE_NAMES, SystemUnderTest } from '../test/support/system-under-test';
import { canRead, closeCase, type Customer, onboardCustomer, openCase } from './support/customer';
import { cleanUpOnInterrupt } from './support/interrupt';
import { printTable } from './support/load';
import { LoadWorkload } from './support/load-workload';
import { held, offerLoad, slowest, type StepResult } from './support/open-loop';
import { rssMegabytes } from './support/processes';
import { percentile, round } from './support/stats';
import { buildSupportPool } from './support/support-pool';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const AREAS = setting('BENCH_LOAD_AREAS', 4);
const ENGINEERS_PER_AREA = setting('BENCH_LOAD_ENGINEERS_PER_AREA', 3);
const CUSTOMERS = setting('BENCH_LOAD_CUSTOMERS', 6);
const RATE = setting('BENCH_LOAD_RATE', 40);
const SECONDS = setting('BENCH_LOAD_SECONDS', 30);
const WARMUP_SECONDS = setting('BENCH_LOAD_WARMUP_SECONDS', 3);
const RAMP = (process.env.BENCH_LOAD_RATES ?? '10,20,40,80,160,320').split(',').filter(Boolean).map(Number);
const STEP_SECONDS = setting('BENCH_LOAD_STEP_SECONDS', 5);
const P99_LIMIT_MS = setting('BENCH_LOAD_P99_MS', 250);

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
  if (![RATE, SECONDS, STEP_SECONDS, P99_LIMIT_MS, AREAS, ENGINEERS_PER_AREA, ...RAMP].every((value) => value > 0) || WARMUP_SECONDS < 0) {
    throw new Error('BENCH_LOAD_* settings must be positive numbers (see npm run bench -- --help)');
  }
  const sut = await SystemUnderTest.start({}, { LOG_LEVEL: 'warn', LOG_REQUESTS: 'false', RATE_LIMIT_PER_MINUTE: '1000000' });
  const interruptible = cleanUpOnInterrupt(() => sut.stop());
  try {
    const pool = await buildSupportPool(sut, { areas: AREAS, engineersPerArea: ENGINEERS_PER_AREA, customers: CUSTOMERS });
    // The probe's customer and engineer take no other traffic: its reads are refused once its case closes.
    const probe = await onboardCustomer(sut, 'e0e0e0e0');
    const workload = new LoadWorkload(sut, pool);
    const next = () => workload.next();
    if (WARMUP_SECONDS > 0) await offerLoad(RATE, WARMUP_SECONDS, next);

    const deadline = Date.now() + SECONDS * 1000;
    const [revocations, fixed] = await Promise.all([revocationProbe(sut, probe, deadline), offerLoad(RATE, SECONDS, next)]);
    const rss = Object.fromEntries(SERVICE_NAMES.map((name) => [name, rssMegabytes(sut.pid(name))]));
    const heaps = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (name) => [name, await heapMegabytes(sut.url(name))] as const)));
    const drainStarted = performance.now();
    const depths = await eventually(() => {
      const current = queueDepths(sut.exchange);
      return Object.values(current).every((count) => count === 0) && current;
    }, { timeoutMs: 60_000, intervalMs: 200, what: 'queues to drain' }).catch(() => queueDepths(sut.exchange));
    const drainMs = performance.now() - drainStarted;

    const pooled = `${AREAS} product areas × ${ENGINEERS_PER_AREA} engineers, ${CUSTOMERS} customers`;
    printTable(`mixed workload offered open-loop at ${RATE} req/s for ${SECONDS} s; ${pooled} (latency from the scheduled start; target: errors 0, open and close case p99 < 100 ms)`, operationRows(fixed));
    printTable('RSS per service after the load (target: < 160 MB each), and its V8 heap: used / total', [
      Object.fromEntries(Object.entries(rss).map(([name, mb]) => [name, `${mb} MB (${heaps[name].used} / ${heaps[name].total} MB)`])),
    ]);
    const left = Object.entries(depths).filter(([, count]) => count > 0);
    printTable(`queue depths after the load (drained in ${round(drainMs)} ms; target: all 0)`, [
      { queues: Object.keys(depths).length, 'messages left': left.reduce((sum, [, count]) => sum + count, 0), ...Object.fromEntries(left) },
    ]);
    printTable(`close → revoked under that load, ${revocations.length} cases (probe polls every 2 ms; target: p99 < 50 ms)`, [
      { 'p50 ms': round(percentile(revocations, 50)), 'p99 ms': round(percentile(revocations, 99)), 'max ms': round(Math.max(...revocations)) },
    ]);

    printTable('cases assigned per engineer during the warm-up and the fixed rate (to the fewest open cases of the area)', workload.assignmentSpread());

    const steps: { step: StepResult; ok: boolean }[] = [];
    for (const rate of RAMP) {
      const step = await offerLoad(rate, STEP_SECONDS, next);
      steps.push({ step, ok: held(step, P99_LIMIT_MS) });
      if (!steps[steps.length - 1]!.ok) break;
    }
    const best = [...steps].reverse().find(({ ok }) => ok)?.step.offeredPerSecond;
    printTable(`ramp, ${STEP_SECONDS} s per rate, stopped at the first rate not held (held: every operation's p99 < ${P99_LIMIT_MS} ms, no errors, ≥ 90% of the offer answered)`, steps.map(({ step, ok }) => {
      const worst = slowest(step);
      return { 'offered req/s': step.offeredPerSecond, 'achieved req/s': step.achievedPerSecond, 'slowest p99': worst ? `${worst.p99Ms} ms (${worst.operation})` : '-', errors: step.errors, held: ok ? 'yes' : 'no' };
    }));
    process.stdout.write(`\nhighest rate held with p99 < ${P99_LIMIT_MS} ms: ${best === undefined ? `none (not even ${RAMP[0]} req/s)` : `${best} req/s${steps.every(({ ok }) => ok) ? ' (the top of BENCH_LOAD_RATES: raise it)' : ''}`}\n`);
    if (steps.length > 0 && !steps[steps.length - 1]!.ok) printTable(`the first rate not held, ${steps[steps.length - 1]!.step.offeredPerSecond} req/s, per operation`, operationRows(steps[steps.length - 1]!.step));
  } finally {
    interruptible();
    await sut.stop();
  }
}

if (require.main === module) main().catch((error) => { console.error(error); process.exit(1); });

function operationRows(step: StepResult): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = step.operations.map((figures) => ({
    operation: figures.operation, requests: figures.requests, 'achieved req/s': figures.achievedPerSecond, 'p50 ms': figures.p50Ms, 'p99 ms': figures.p99Ms, errors: figures.errors,
  }));
  const requests = step.operations.reduce((sum, figures) => sum + figures.requests, 0);
  rows.push({ operation: 'all', requests, 'achieved req/s': step.achievedPerSecond, 'p50 ms': '', 'p99 ms': '', errors: step.errors });
  return rows;
}

/** The service's V8 heap from its own /metrics (prom-client's default metrics), in MB. */
async function heapMegabytes(serviceUrl: string): Promise<{ used: number; total: number }> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  const read = (name: string) => Math.round(Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1_048_576);
  return { used: read('nodejs_heap_size_used_bytes'), total: read('nodejs_heap_size_total_bytes') };
}
