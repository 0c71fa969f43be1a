// The engineer directory announces itself on the bus: `engineer.registered` and
// `engineer.updated` (the whole new state and what changed) beside `engineer.deactivated`,
// each stored with the change (outbox) and nothing for a change that alters nothing.
import { eventually } from '@support-hub/testing';
import { EventTap } from '../../access/test/support/event-tap';
import { person, SupportHarness, VENDOR_TENANT, type TestUser } from '../../access/test/support/support-hub.harness';

describe('Engineer directory events', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });

  beforeAll(async () => {
    hub = await SupportHarness.start();
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['engineer.registered', 'engineer.updated', 'engineer.deactivated']);
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const patch = (engineer: TestUser, body: object) => hub.case().patch(`/api/v1/engineers/${engineer.id}`).set('authorization', hub.bearer(manager)).send(body);
  const eventsOf = <T extends 'engineer.registered' | 'engineer.updated' | 'engineer.deactivated'>(type: T, engineer: TestUser) =>
    tap.of(type, (event) => event.data.engineerId === engineer.id);

  it('registering an engineer publishes engineer.registered with their directory entry', async () => {
    const erin = person('Erin Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
    await hub.registerEngineer(manager, erin, ['Identity', ' Mail ']);
    const [registered] = await eventually(() => (eventsOf('engineer.registered', erin).length > 0 ? eventsOf('engineer.registered', erin) : undefined), { what: 'engineer.registered' });
    expect(registered).toMatchObject({
      source: 'case',
      data: { engineerId: erin.id, name: erin.name, email: erin.email, expertise: ['Identity', 'Mail'], active: true, revision: 1, registeredBy: manager.id, registeredAt: expect.any(String) },
    });

    // A refused registration (already registered, or by someone else) announces nothing.
    await hub.case().post('/api/v1/engineers').set('authorization', hub.bearer(manager)).send({ userId: erin.id, name: 'x', email: 'x@example.com', expertise: [] }).expect(409);
    await hub.case().post('/api/v1/engineers').set('authorization', hub.bearer(erin)).send({ userId: 'someone-else', name: 'x', email: 'x@example.com', expertise: [] }).expect(403);
    await hub.case().post('/api/v1/engineers').set('authorization', hub.bearer(manager)).send({ userId: 'with-extra', name: 'x', email: 'x@example.com', expertise: [], revision: 5 }).expect(400);
    const listed = await hub.case().get('/api/v1/engineers?limit=100').set('authorization', hub.bearer(manager)).expect(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain('with-extra');
  });

  it('a change publishes engineer.updated with the new state and the changed fields; a deactivation also engineer.deactivated', async () => {
    const olga = person('Olga Engineer', { roles: ['support-engineer'], tenantId: VENDOR_TENANT });
    await hub.registerEngineer(manager, olga, ['Billing']);
    await patch(olga, { expertise: ['Billing', 'Invoices'], name: olga.name }).expect(200);
    const [updated] = await eventually(() => (eventsOf('engineer.updated', olga).length > 0 ? eventsOf('engineer.updated', olga) : undefined), { what: 'engineer.updated' });
    expect(updated).toMatchObject({ source: 'case', data: { expertise: ['Billing', 'Invoices'], active: true, changed: ['expertise'], updatedBy: manager.id, revision: 2 } });

    // The same values again: no change, nothing announced.
    await patch(olga, { expertise: ['Billing', 'Invoices'] }).expect(200);
    await patch(olga, { active: false }).expect(200);
    const deactivated = await eventually(() => eventsOf('engineer.deactivated', olga)[0], { what: 'engineer.deactivated' });
    expect(deactivated.data).toMatchObject({ engineerId: olga.id, deactivatedBy: manager.id });
    const updates = await eventually(() => (eventsOf('engineer.updated', olga).length >= 2 ? eventsOf('engineer.updated', olga) : undefined), { what: 'the second engineer.updated' });
    expect(updates.map((event) => [event.data.changed, event.data.active])).toEqual([
      [['expertise'], true],
      [['active'], false],
    ]);
    expect(updates[1]!.data.revision).toBeGreaterThan(updates[0]!.data.revision);

    // Refused changes announce nothing.
    await hub.case().patch(`/api/v1/engineers/${olga.id}`).set('authorization', hub.bearer(olga)).send({ active: true }).expect(403);
    await patch(olga, { active: true, openCases: 3 }).expect(400);
    await patch(person('Nobody'), { active: true }).expect(404);
    await hub.accessDrained();
    expect(eventsOf('engineer.updated', olga)).toHaveLength(2);
  });
});
