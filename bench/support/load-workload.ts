import type { SystemUnderTest } from '../../test/support/system-under-test';
import type { Customer } from './customer';
import { type Request, weightedPick } from './open-loop';
import type { PoolEngineer, SupportPool } from './support-pool';

/** The mix of the load bench, as shares of all requests (reads dominate, as in a support desk). */
const MIX = {
  'access check': 40,
  'diagnostics read': 15,
  'list cases': 15,
  activity: 10,
  'open case': 10,
  'close case': 10,
} as const;

type Operation = keyof typeof MIX;

/** A case opened by the workload and not yet closed: who works on it, for which tenant. */
interface OpenCase {
  id: string;
  customer: Customer;
  engineer: PoolEngineer | undefined;
}

/** Beyond this an answer counts as an error, so that a step of the ramp always ends. */
const REQUEST_TIMEOUT_MS = 10_000;

const pickOne = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/**
 * The requests of the mixed workload over a support pool. Cases are opened by a random
 * customer in a random product area, so they spread over every workspace and every engineer;
 * each is closed later by the engineer it was assigned to (oldest open case first). Access
 * checks and diagnostic reads are made by engineers with an open case, for that case's tenant,
 * as an engineer at work would (a read of a tenant whose grant has not arrived yet is refused,
 * which the workload accepts).
 */
export class LoadWorkload {
  private readonly openCases: OpenCase[] = [];
  /** Cases opened per engineer they were assigned to ('' for none), to show the load spread. */
  private readonly assigned = new Map<string, number>();

  constructor(private readonly sut: SystemUnderTest, private readonly pool: SupportPool) {}

  next(): Request {
    let operation: Operation = weightedPick(MIX);
    if (operation === 'close case' && this.openCases.length === 0) operation = 'open case';
    return { operation, send: () => this.send(operation) };
  }

  private async send(operation: Operation): Promise<void> {
    switch (operation) {
      case 'access check': {
        const { engineer, customer } = this.someoneAtWork();
        return this.call(`${this.sut.url('access')}/api/v1/access-grants/check?tenantId=${customer.tenantId}`, engineer.token);
      }
      case 'diagnostics read': {
        const { engineer, customer } = this.someoneAtWork();
        return this.call(`${this.sut.url('access')}/api/v1/tenants/${customer.tenantId}/diagnostics/sign-ins?limit=5`, engineer.token, undefined, [200, 403]);
      }
      case 'list cases': {
        const customer = pickOne(this.pool.customers);
        return this.call(`${this.sut.url('case')}/api/v1/workspaces/${customer.workspaceId}/cases?limit=20`, customer.adminToken);
      }
      case 'activity': {
        const customer = pickOne(this.pool.customers);
        return this.call(`${this.sut.url('workspace')}/api/v1/activity?workspaces=${customer.workspaceId}`, customer.adminToken);
      }
      case 'open case':
        return this.open();
      case 'close case': {
        const kase = this.openCases.shift()!;
        // A case with no engineer (none was free) is closed by its workspace's administrator.
        return this.call(`${this.sut.url('case')}/api/v1/cases/${kase.id}/close`, kase.engineer?.token ?? kase.customer.adminToken, null);
      }
    }
  }

  private async open(): Promise<void> {
    const customer = pickOne(this.pool.customers);
    const body = { title: 'Load', description: 'Mixed workload', severity: 'C', productArea: pickOne(this.pool.areas), allowAdvancedDiagnostics: true };
    let opened: { id: string; assignedEngineerId: string | null } | undefined;
    await this.call(`${this.sut.url('case')}/api/v1/workspaces/${customer.workspaceId}/cases`, customer.adminToken, body, [201], (json) => (opened = json as typeof opened));
    const engineerId = opened!.assignedEngineerId ?? '';
    this.assigned.set(engineerId, (this.assigned.get(engineerId) ?? 0) + 1);
    this.openCases.push({ id: opened!.id, customer, engineer: this.pool.engineers.get(engineerId) });
  }

  /** Per product area: how many cases its engineers were assigned, fewest and most per engineer. */
  assignmentSpread(): Record<string, string | number>[] {
    const rows: Record<string, string | number>[] = this.pool.areas.map((area) => {
      const counts = [...this.pool.engineers.values()].filter((engineer) => engineer.area === area).map((engineer) => this.assigned.get(engineer.id) ?? 0);
      return { 'product area': area, engineers: counts.length, cases: counts.reduce((sum, count) => sum + count, 0), 'fewest per engineer': Math.min(...counts), 'most per engineer': Math.max(...counts) };
    });
    rows.push({ 'product area': '(no engineer assigned)', engineers: 0, cases: this.assigned.get('') ?? 0, 'fewest per engineer': '', 'most per engineer': '' });
    return rows;
  }

  /** An engineer with an open case and its customer; before any case, any engineer and customer. */
  private someoneAtWork(): { engineer: PoolEngineer; customer: Customer } {
    const working = this.openCases.filter((kase) => kase.engineer);
    if (working.length > 0) {
      const kase = pickOne(working);
      return { engineer: kase.engineer!, customer: kase.customer };
    }
    return { engineer: pickOne([...this.pool.engineers.values()]), customer: pickOne(this.pool.customers) };
  }

  /** GET, or POST when `body` is given (null: a POST without a body); throws on an unexpected status. */
  private async call(url: string, token: string, body?: unknown, expected = [200, 201], read?: (json: unknown) => void): Promise<void> {
    const response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) throw new Error(`${response.status} ${text.slice(0, 200)}`);
    read?.(JSON.parse(text));
  }
}
