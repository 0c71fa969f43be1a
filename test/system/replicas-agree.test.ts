// Two access replicas behind a load balancer must give one answer: a grant approved through one
// replica is in force on the other the moment the approval has answered (no wait for a
// broadcast or a resync), and closing the case ends it on both.
import { randomUUID } from 'node:crypto';
import { eventually } from '@support-hub/testing';
import { SystemUnderTest } from '../support/system-under-test';
import { expectStatus, onboardCustomer, registerEngineer, SystemClient, type Customer, type Person } from '../support/system-client';

describe('Access replicas agree', () => {
  let system: SystemUnderTest;
  let client: SystemClient;
  let customer: Customer;
  let engineer: Person;
  let productArea: string;

  beforeAll(async () => {
    // The periodic resync is pushed out of the way: agreement must not depend on it.
    system = await SystemUnderTest.start({ access: 2 }, { GRANT_INDEX_RESYNC_MS: '600000' });
    client = new SystemClient(system);
    customer = await onboardCustomer(client);
    productArea = `identity-${randomUUID().slice(0, 8)}`;
    engineer = await registerEngineer(client, [productArea]);
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  });

  const check = async (replica: number) =>
    expectStatus(await client.as(engineer).get('access', `/api/v1/access-grants/check?tenantId=${customer.tenantId}`, { replica }), 200).body;

  it('an approval answered by one replica is in force on the other at once, and the close ends it on both', async () => {
    const opened = expectStatus(await client.as(customer.member).post('case', `/api/v1/workspaces/${customer.workspaceId}/cases`, {
      title: 'Sign-ins fail', description: 'Since Monday', severity: 'B', productArea, allowAdvancedDiagnostics: false,
    }), 201).body;
    const filed = await eventually(async () => {
      const reply = await client.as(engineer).post('access', '/api/v1/access-requests', {
        caseId: opened.id, resourceTenantId: customer.tenantId, justification: 'Need the sign-in logs',
      });
      return reply.status === 201 ? reply.body : undefined;
    }, { what: 'the access service to know the case and its engineer' });
    // Both replicas have loaded their index and hold no grant for this engineer yet.
    expect(await check(0)).toEqual({ allowed: false });
    expect(await check(1)).toEqual({ allowed: false });

    expectStatus(await client.as(customer.admin).post('access', `/api/v1/access-requests/${filed.id}/approve`, undefined, { replica: 0 }), 200);
    expect(await check(1)).toMatchObject({ allowed: true, basis: 'request' });
    expectStatus(await client.as(engineer).get('access', `/api/v1/tenants/${customer.tenantId}/diagnostics/sign-ins?limit=1`, { replica: 1 }), 200);

    expectStatus(await client.as(engineer).post('case', `/api/v1/cases/${opened.id}/close`), 200);
    for (const replica of [0, 1]) {
      await eventually(async () => (await check(replica)).allowed === false, { what: `replica ${replica} to refuse after the close` });
    }
  }, 120_000);
});
