import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { eventually } from '@support-hub/testing';
import type { SystemUnderTest } from '../../test/support/system-under-test';
import { canRead, closeCase, type Customer, openCase } from './customer';
import { load, printTable } from './load';
import { rssMegabytes } from './processes';
import { closeToRevokedMs } from './revocation';
import { progress, ratioTo, scaleLevels } from './scale-levels';
import { percentile, round } from './stats';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CASES = Number(process.env.BENCH_SCALE_CASES ?? 20);
const BATCH = 1_000;
const DAY_MS = 86_400_000;

/**
 * Live grants of other engineers on other tenants, written straight into the access service's
 * database (as years of approvals would leave them), from `from` up to `to`. They stay live for
 * the whole bench: a month of consent, so no expiry sweep touches them.
 */
async function seedGrants(sut: SystemUnderTest, from: number, to: number): Promise<void> {
  const client = await new MongoClient(sut.databaseUri('access')).connect();
  try {
    const grants = client.db().collection<{ _id: string }>('access_grants');
    const now = new Date();
    for (let start = from; start < to; start += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, to - start) }, (_, k) => {
        const tenantId = randomUUID();
        return {
          _id: randomUUID(), requestId: null, caseId: randomUUID(), workspaceId: randomUUID(), severity: 'B', requestTenantId: tenantId,
          // 2,000 engineers, each with grants on many tenants: keys are (engineer, tenant) pairs.
          engineerId: `scale-engineer-${(start + k) % 2_000}`, tenantId, basis: 'consent', status: 'active',
          grantedAt: now, expiresAt: new Date(now.getTime() + 30 * DAY_MS), endedAt: null, endReason: null, endedBy: null,
        };
      });
      await grants.insertMany(rows, { ordered: false });
    }
  } finally {
    await client.close();
  }
}

interface AccessFigures {
  grants: number;
  bootMs: number;
  rssMb: number;
  checkRate: number;
  checkP99: number;
  revoked: number[];
}

/** The access service started afresh, so its index loads every live grant at boot, as after a deploy. */
async function measureAt(sut: SystemUnderTest, customer: Customer, grants: number): Promise<AccessFigures> {
  await sut.kill('access', 0, 'SIGTERM');
  const booting = Date.now();
  await sut.restart('access');
  const bootMs = Date.now() - booting;
  progress(`access: booted with ${grants} live grants in ${bootMs} ms; measuring`);
  // Close → revoked first: it needs the customer to have no other open consent case.
  const revoked = await closeToRevokedMs(sut, customer, CASES);
  const caseId = await openCase(sut, customer);
  await eventually(() => canRead(sut, customer), { what: 'a live grant for the check' });
  const checkUrl = `${sut.url('access')}/api/v1/access-grants/check?tenantId=${customer.tenantId}`;
  const headers = { authorization: `Bearer ${customer.engineerToken}` };
  await load(checkUrl, headers, 2);
  // The median of three rounds: on a shared machine one round can fall on someone else's burst.
  const rounds = [await load(checkUrl, headers, SECONDS), await load(checkUrl, headers, SECONDS), await load(checkUrl, headers, SECONDS)];
  const check = rounds.sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[1];
  const failures = rounds.reduce((sum, round) => sum + round.errors + round.non2xx, 0);
  if (failures > 0) console.error(`access check at ${grants} grants: ${failures} errors or non-2xx answers`);
  const rssMb = rssMegabytes(sut.pid('access'));
  await closeCase(sut, customer, caseId);
  return { grants, bootMs, rssMb, checkRate: check.requestsPerSecond, checkP99: check.p99Ms, revoked };
}

/**
 * Access check rate, close → revoked and memory with 1k / 10k / 100k live grants held by the
 * access service's in-memory index (target: 100k within 0.8 of 1k).
 */
export async function accessScale(sut: SystemUnderTest, customer: Customer): Promise<void> {
  const figures: AccessFigures[] = [];
  let seeded = 0;
  for (const level of scaleLevels(1_000)) {
    progress(`access: seeding live grants up to ${level}`);
    await seedGrants(sut, seeded, level);
    seeded = level;
    figures.push(await measureAt(sut, customer, level));
  }
  const [first] = figures;
  printTable(`Access service with N live grants (target: 100k within 0.8 of 1k; check: median of 3 rounds of ${SECONDS} s at 50 connections; close → revoked over ${CASES} cases)`, figures.map((at) => ({
    'live grants': at.grants,
    'boot ms': at.bootMs,
    'check req/s': at.checkRate,
    'check ratio': ratioTo(first.checkRate, at.checkRate),
    'check p99 ms': at.checkP99,
    'revoked p50 ms': round(percentile(at.revoked, 50), 1),
    'revoked p99 ms': round(percentile(at.revoked, 99), 1),
    'p99 ratio': ratioTo(percentile(first.revoked, 99), percentile(at.revoked, 99)),
    'RSS MB': at.rssMb,
    // The marginal cost: RSS above the 1k run over the grants added since (RSS is coarse: ±MBs).
    'bytes / grant': at === first ? '' : Math.round(((at.rssMb - first.rssMb) * 1024 * 1024) / (at.grants - first.grants)),
  })));
}
