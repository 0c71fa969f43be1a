import type { SystemUnderTest } from '../../test/support/system-under-test';
import { type Customer, onboardCustomer, VENDOR_TENANT } from './customer';

/** An engineer of the pool, able to call the services as themselves. */
export interface PoolEngineer {
  id: string;
  area: string;
  token: string;
}

/** The support organisation and its customers the load bench's traffic runs between. */
export interface SupportPool {
  areas: string[];
  engineers: Map<string, PoolEngineer>;
  customers: Customer[];
}

const AREA_NAMES = ['identity', 'exchange', 'teams', 'sharepoint', 'intune', 'defender', 'purview', 'azure'];

function areaName(index: number): string {
  const name = AREA_NAMES[index % AREA_NAMES.length]!;
  return index < AREA_NAMES.length ? name : `${name}-${Math.floor(index / AREA_NAMES.length) + 1}`;
}

/**
 * `areas` product areas with `engineersPerArea` engineers each, registered by a support manager
 * as in production, and `customers` customers onboarded through the public APIs (each with a
 * workspace of its own). Assignment then has a real choice to make for every case: several
 * engineers qualify, and the open cases of all customers compete for them.
 */
export async function buildSupportPool(sut: SystemUnderTest, options: { areas: number; engineersPerArea: number; customers: number }): Promise<SupportPool> {
  // A customer's tenant id is built from a two-hex-digit tag (the tag below).
  if (!(options.customers >= 1 && options.customers <= 256)) throw new Error(`BENCH_LOAD_CUSTOMERS must be 1 to 256, not ${options.customers}`);
  const manager = sut.token({ sub: 'manager-load', email: 'manager-load@vendor.example', tid: VENDOR_TENANT, roles: ['support-manager'] });
  const areas = Array.from({ length: options.areas }, (_, index) => areaName(index));
  const engineers = new Map<string, PoolEngineer>();
  for (const area of areas) {
    for (let n = 1; n <= options.engineersPerArea; n += 1) {
      const id = `engineer-${area}-${n}`;
      const email = `${id}@vendor.example`;
      const response = await fetch(`${sut.url('case')}/api/v1/engineers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
        body: JSON.stringify({ userId: id, name: `Engineer ${n} of ${area}`, email, expertise: [area] }),
      });
      if (!response.ok) throw new Error(`registering ${id} → ${response.status} ${await response.text()}`);
      engineers.set(id, { id, area, token: sut.token({ sub: id, email, tid: VENDOR_TENANT, roles: ['support-engineer'] }) });
    }
  }
  // Onboarding waits for an invitation email and an event per customer: in parallel, it costs one.
  const customers = await Promise.all(Array.from({ length: options.customers }, (_, index) => onboardCustomer(sut, `d0d0d0${index.toString(16).padStart(2, '0')}`)));
  return { areas, engineers, customers };
}
