import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { SystemUnderTest } from '../../test/support/system-under-test';
import { VENDOR_TENANT } from './customer';
import { closedLoop, printTable } from './load';
import { progress, ratioTo, scaleLevels } from './scale-levels';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Clients asking at once, one request after the other: a page costs up to seconds at 500 workspaces. */
const CLIENTS = 4;
/** Contracts activated at once while building the CSAM's book (each activation also sends an invitation). */
const PARALLEL = 4;
/** What each workspace's read model holds: enough for counts and a full recent feed. */
const CASES_PER_WORKSPACE = 10;
const ENTRIES_PER_WORKSPACE = 20;
const DAY_MS = 86_400_000;

async function post(url: string, token: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`POST ${url} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** One customer of the CSAM, made as the product makes it: a contract, activated (its default workspace). */
async function activateContract(sut: SystemUnderTest, csam: string, index: number): Promise<string> {
  const base = `${sut.url('workspace')}/api/v1/contracts`;
  const contract = await post(base, csam, {
    customerName: `Scale customer ${index}`, customerTenantId: randomUUID(), type: 'unified',
    startsAt: new Date(Date.now() - DAY_MS).toISOString(), endsAt: new Date(Date.now() + 365 * DAY_MS).toISOString(),
    serviceAdmin: { email: `admin-${index}@scale.example`, name: 'Admin' }, supportContacts: [], services: ['reactive-support'],
  });
  const activated = await post(`${base}/${String(contract.id)}/activate`, csam, {});
  return String(activated.defaultWorkspaceId);
}

/** The read model a busy customer would have: case copies and feed lines, written straight into the workspace database. */
async function seedActivity(sut: SystemUnderTest, workspaceIds: readonly string[]): Promise<void> {
  const client = await new MongoClient(sut.databaseUri('workspace')).connect();
  try {
    const db = client.db();
    const now = Date.now();
    const cases = workspaceIds.flatMap((workspaceId) => Array.from({ length: CASES_PER_WORKSPACE }, (_, k) => ({
      _id: randomUUID(), workspaceId, status: k % 3 === 0 ? 'closed' : 'open', severity: (['A', 'B', 'C'] as const)[k % 3],
      productArea: 'identity', title: `Case ${k}`, revision: 1, updatedAt: new Date(now - k * 60_000),
    })));
    const entries = workspaceIds.flatMap((workspaceId) => Array.from({ length: ENTRIES_PER_WORKSPACE }, (_, k) => ({
      _id: randomUUID(), workspaceId, type: 'case.opened', at: new Date(now - k * 60_000), caseId: randomUUID(), summary: `Case ${k} opened`, restrictedToTenant: null,
    })));
    if (cases.length > 0) await db.collection<{ _id: string }>('activity_cases').insertMany(cases, { ordered: false });
    if (entries.length > 0) await db.collection<{ _id: string }>('activity_entries').insertMany(entries, { ordered: false });
  } finally {
    await client.close();
  }
}

async function addWorkspaces(sut: SystemUnderTest, csam: string, from: number, to: number): Promise<void> {
  const made: string[] = [];
  let next = from;
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (next < to) made.push(await activateContract(sut, csam, next++));
  }));
  await seedActivity(sut, made);
}

/** Customer Activity ("all", the default) of one CSAM with 5 / 50 / 500 workspaces in their book. */
export async function activityScale(sut: SystemUnderTest): Promise<void> {
  const csam = sut.token({ sub: 'csam-scale', email: 'csam-scale@vendor.example', tid: VENDOR_TENANT, roles: ['csam'] });
  const url = `${sut.url('workspace')}/api/v1/activity`;
  const headers = { authorization: `Bearer ${csam}` };
  const rows: Record<string, string | number>[] = [];
  let made = 0;
  let first: { rate: number; p50: number } | undefined;
  for (const level of scaleLevels(5)) {
    progress(`activity: activating contracts up to ${level} workspaces`);
    await addWorkspaces(sut, csam, made, level);
    made = level;
    const view = (await (await fetch(url, { headers })).json()) as { combined?: { workspaceCount?: number } };
    if (view.combined?.workspaceCount !== level) throw new Error(`the CSAM sees ${view.combined?.workspaceCount} workspaces, not ${level}`);
    await closedLoop(url, headers, 1, CLIENTS, 1);
    const run = await closedLoop(url, headers, SECONDS, CLIENTS);
    first ??= { rate: run.requestsPerSecond, p50: run.p50Ms };
    rows.push({
      workspaces: level, 'req/s': run.requestsPerSecond, 'req/s ratio': ratioTo(first.rate, run.requestsPerSecond),
      'p50 ms': run.p50Ms, 'p50 ratio': ratioTo(first.p50, run.p50Ms), 'p99 ms': run.p99Ms, errors: run.errors + run.non2xx,
    });
  }
  printTable(`GET /api/v1/activity (all) for one CSAM, ${SECONDS} s, ${CLIENTS} clients back to back (${CASES_PER_WORKSPACE} cases, ${ENTRIES_PER_WORKSPACE} feed lines per workspace)`, rows);
}
