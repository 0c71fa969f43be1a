// Issue 6 figures: (a) close→revoked latency, from the close request's response to the first
// refused diagnostics read, next to a raw amqplib publish→consume round trip; (b) the access
// check's throughput next to a bare Fastify endpoint doing the same JWT check.
// All four services run as separate processes (test/support/system-under-test.ts).
import { eventually } from '@support-hub/testing';
import { SystemUnderTest } from '../test/support/system-under-test';
import { canRead, onboardCustomer, openCase } from './support/customer';
import { cleanUpOnInterrupt } from './support/interrupt';
import { compareLoads, printTable } from './support/load';
import { startNode, stopProcess, waitForHttp } from './support/processes';
import { rawRoundTripsMs } from './support/raw-broker';
import { closeToRevokedMs } from './support/revocation';
import { percentile, round } from './support/stats';

const CASES = Number(process.env.BENCH_CASES ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

export async function main(): Promise<void> {
  const sut = await SystemUnderTest.start({}, { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' });
  const interruptible = cleanUpOnInterrupt(() => sut.stop());
  const bare = startNode('bench/support/bare-jwt-server.js', { PORT: '3912', AUTH_DEV_KEY_FILE: sut.keyFile });
  try {
    const customer = await onboardCustomer(sut, 'b0b0b0b0');
    const revoke = await closeToRevokedMs(sut, customer, CASES);
    const raw = await rawRoundTripsMs(sut.amqpUrl, CASES);
    printTable(`close → revoked over ${CASES} cases (targets: p50 < 20 ms, p99 < 100 ms, max < 1 s)`, [
      { path: 'raw amqplib publish → consume', 'p50 ms': round(percentile(raw, 50), 2), 'p99 ms': round(percentile(raw, 99), 2), 'max ms': round(Math.max(...raw), 2) },
      { path: 'POST /cases/:id/close → first 403 read', 'p50 ms': round(percentile(revoke, 50), 2), 'p99 ms': round(percentile(revoke, 99), 2), 'max ms': round(Math.max(...revoke), 2) },
      { path: 'ratio p50 (ours / raw)', 'p50 ms': round(percentile(revoke, 50) / percentile(raw, 50), 1), 'p99 ms': round(percentile(revoke, 99) / percentile(raw, 99), 1), 'max ms': '' },
    ]);

    await openCase(sut, customer);
    await eventually(() => canRead(sut, customer), { what: 'a live grant for the check' });
    await waitForHttp('http://127.0.0.1:3912/me').catch(() => undefined);
    const headers = { authorization: `Bearer ${customer.engineerToken}` };
    const checkUrl = `${sut.url('access')}/api/v1/access-grants/check?tenantId=${customer.tenantId}`;
    const { baseline, ours: check, ratio } = await compareLoads('http://127.0.0.1:3912/me', checkUrl, headers, SECONDS);
    printTable('GET /access-grants/check (target: ratio >= 0.8; median of 5 alternating rounds)', [
      { endpoint: 'bare Fastify + JWT check', 'req/s': baseline.requestsPerSecond, 'p99 ms': baseline.p99Ms, errors: baseline.errors + baseline.non2xx },
      { endpoint: 'access check', 'req/s': check.requestsPerSecond, 'p99 ms': check.p99Ms, errors: check.errors + check.non2xx },
      { endpoint: 'ratio (ours / bare)', 'req/s': `${ratio.median.toFixed(2)} (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})`, 'p99 ms': round(check.p99Ms / baseline.p99Ms, 2), errors: '' },
    ]);
  } finally {
    interruptible();
    await stopProcess(bare);
    await sut.stop();
  }
}

if (require.main === module) main().catch((error) => { console.error(error); process.exit(1); });
