// Automatic assignment: expertise, fewest open cases, longest wait on a tie; fair under
// concurrent opens; cases waiting `unassigned` are taken when someone qualified appears; a
// deactivated engineer's open cases go back to assignment.
import { eventually } from '@support-hub/testing';
import { EventTap } from '../../access/test/support/event-tap';
import { person, SupportHarness, TENANT_A, VENDOR_TENANT, type TestUser } from '../../access/test/support/support-hub.harness';

describe('Automatic assignment', () => {
  let hub: SupportHarness;
  let tap: EventTap;
  const manager = person('Mia Manager', { roles: ['support-manager'], tenantId: VENDOR_TENANT });
  const admin = person('Ada Admin', { tenantId: TENANT_A });
  const member = person('Bob Member', { tenantId: TENANT_A });
  let workspaceId: string;

  beforeAll(async () => {
    hub = await SupportHarness.start();
    tap = await EventTap.open(hub.env.amqpUrl, hub.env.exchange, ['case.assigned', 'engineer.deactivated']);
    workspaceId = await hub.workspace({ admins: [admin], members: [member] });
  });

  afterAll(async () => {
    await tap?.close();
    await hub?.stop();
  });

  const engineers = (count: number, name: string) =>
    Array.from({ length: count }, (_, index) => person(`${name} ${index}`, { roles: ['support-engineer'], tenantId: VENDOR_TENANT }));
  const openCase = (productArea: string) => hub.openCase(member, workspaceId, { productArea });
  const directory = async (): Promise<Map<string, { openCases: number; active: boolean }>> => {
    const listed = await hub.case().get('/api/v1/engineers?limit=100').set('authorization', hub.bearer(manager)).expect(200);
    return new Map(listed.body.items.map((item: { id: string; openCases: number; active: boolean }) => [item.id, item]));
  };
  const caseOf = async (caseId: string) => (await hub.case().get(`/api/v1/cases/${caseId}`).set('authorization', hub.bearer(member)).expect(200)).body;

  it('20 concurrent cases spread evenly over the qualified, active engineers', async () => {
    const team = engineers(4, 'Fair');
    for (const engineer of team) await hub.registerEngineer(manager, engineer, ['Fairness']);
    const [asleep] = engineers(1, 'Asleep');
    await hub.registerEngineer(manager, asleep, ['fairness'], false);
    const [elsewhere] = engineers(1, 'Elsewhere');
    await hub.registerEngineer(manager, elsewhere, ['Networking']);

    const opened = await Promise.all(Array.from({ length: 20 }, () => openCase('fairness')));
    const perEngineer = new Map<string, number>();
    for (const { assignedEngineerId } of opened) perEngineer.set(assignedEngineerId!, (perEngineer.get(assignedEngineerId!) ?? 0) + 1);
    expect(Object.fromEntries(perEngineer)).toEqual(Object.fromEntries(team.map((engineer) => [engineer.id, 5])));

    const counts = await directory();
    for (const engineer of team) expect(counts.get(engineer.id)?.openCases).toBe(5);
    expect(counts.get(asleep.id)?.openCases).toBe(0);
    expect(counts.get(elsewhere.id)?.openCases).toBe(0);
  });

  it('50 concurrent opens over 3 engineers of one area end at most one case apart, while closes run beside them', async () => {
    const team = engineers(3, 'Busy');
    for (const engineer of team) await hub.registerEngineer(manager, engineer, ['Concurrency']);
    const early = await Promise.all(Array.from({ length: 6 }, () => openCase('concurrency')));
    // Closes of the same engineers' cases interleave with the opens: neither waits for a counter document.
    const closing = early.slice(0, 3).map((kase) => {
      const holder = team.find((engineer) => engineer.id === kase.assignedEngineerId)!;
      return hub.case().post(`/api/v1/cases/${kase.id}/close`).set('authorization', hub.bearer(holder)).expect(200);
    });
    const opened = await Promise.all([...Array.from({ length: 50 }, () => openCase('concurrency')), ...closing]);
    expect(opened.slice(0, 50).every((kase) => 'assignedEngineerId' in kase && team.some((engineer) => engineer.id === kase.assignedEngineerId))).toBe(true);

    const counts = await directory();
    const open = team.map((engineer) => counts.get(engineer.id)!.openCases);
    expect(open.reduce((sum, count) => sum + count, 0)).toBe(53);
    expect(Math.max(...open) - Math.min(...open)).toBeLessThanOrEqual(1);
  });

  it('prefers the fewest open cases, then the longest time since the last assignment', async () => {
    const [first, second] = engineers(2, 'Tie').sort((a, b) => a.id.localeCompare(b.id));
    await hub.registerEngineer(manager, first, ['ties']);
    await hub.registerEngineer(manager, second, ['ties']);
    const a = await openCase('ties');
    expect(a.assignedEngineerId).toBe(first.id); // both never assigned: a deterministic pick
    await hub.case().post(`/api/v1/cases/${a.id}/close`).set('authorization', hub.bearer(first)).expect(200);
    expect((await directory()).get(first.id)?.openCases).toBe(0);
    // Both have 0 open cases now; `second` has waited longest (never assigned).
    const b = await openCase('ties');
    expect(b.assignedEngineerId).toBe(second.id);
    // `first` has fewer open cases (0 against 1).
    const c = await openCase('ties');
    expect(c.assignedEngineerId).toBe(first.id);
    // 1 each; `second` was assigned longer ago.
    const d = await openCase('ties');
    expect(d.assignedEngineerId).toBe(second.id);
  });

  it('with nobody qualified a case waits unassigned, and is assigned when one is registered', async () => {
    const waiting = await openCase('Quantum Support');
    expect(waiting).toMatchObject({ status: 'open', assignedEngineerId: null });
    const [newcomer] = engineers(1, 'Quantum');
    await hub.registerEngineer(manager, newcomer, ['quantum support']);
    const assigned = await eventually(async () => {
      const current = await caseOf(waiting.id);
      return current.assignedEngineerId ? current : undefined;
    }, { what: 'the waiting case to be assigned' });
    expect(assigned).toMatchObject({ assignedEngineerId: newcomer.id, revision: 2 });
    const event = await eventually(() => tap.of('case.assigned', (candidate) => candidate.data.caseId === waiting.id)[0], { what: 'case.assigned' });
    expect(event.data).toMatchObject({ assignedEngineerId: newcomer.id, revision: 2 });
    expect((await directory()).get(newcomer.id)?.openCases).toBe(1);
  });

  it('a waiting case is assigned when a qualified engineer is reactivated or gains the expertise', async () => {
    const [sleeper, learner] = engineers(2, 'Later');
    await hub.registerEngineer(manager, sleeper, ['Printers'], false);
    await hub.registerEngineer(manager, learner, ['Scanners']);
    const printer = await openCase('printers');
    const scanner = await openCase('3D scanners');
    expect([printer.assignedEngineerId, scanner.assignedEngineerId]).toEqual([null, null]);

    await hub.case().patch(`/api/v1/engineers/${sleeper.id}`).set('authorization', hub.bearer(manager)).send({ active: true }).expect(200);
    await eventually(async () => (await caseOf(printer.id)).assignedEngineerId === sleeper.id, { what: 'the printer case to go to the reactivated engineer' });

    await hub.case().patch(`/api/v1/engineers/${learner.id}`).set('authorization', hub.bearer(manager)).send({ expertise: ['Scanners', '3D Scanners'] }).expect(200);
    await eventually(async () => (await caseOf(scanner.id)).assignedEngineerId === learner.id, { what: 'the scanner case to go to the engineer who learned' });

    // An inactive engineer takes nothing new.
    await hub.case().patch(`/api/v1/engineers/${sleeper.id}`).set('authorization', hub.bearer(manager)).send({ active: false }).expect(200);
    expect((await openCase('printers')).assignedEngineerId).toBeNull();
  });

  it("deactivating an engineer sends their open cases back to assignment, announced once, in one change", async () => {
    const [leaving, colleague] = engineers(2, 'Leaving');
    await hub.registerEngineer(manager, leaving, ['Mail', 'Fax']);
    const mail = await openCase('mail');
    const fax = await openCase('fax');
    const closed = await openCase('mail');
    await hub.case().post(`/api/v1/cases/${closed.id}/close`).set('authorization', hub.bearer(leaving)).expect(200);
    await hub.registerEngineer(manager, colleague, ['Mail']);
    expect([mail.assignedEngineerId, fax.assignedEngineerId]).toEqual([leaving.id, leaving.id]);

    const deactivated = await hub.case().patch(`/api/v1/engineers/${leaving.id}`).set('authorization', hub.bearer(manager)).send({ active: false }).expect(200);
    expect(deactivated.body).toMatchObject({ active: false, openCases: 0 });
    // At once, in the same change: the colleague with the expertise, or the waiting queue.
    expect(await caseOf(mail.id)).toMatchObject({ assignedEngineerId: colleague.id, revision: mail.revision + 1 });
    expect(await caseOf(fax.id)).toMatchObject({ assignedEngineerId: null, assignedAt: null, revision: fax.revision + 1 });
    expect(await caseOf(closed.id)).toMatchObject({ status: 'closed', assignedEngineerId: leaving.id });
    expect((await directory()).get(colleague.id)?.openCases).toBe(1);

    const announced = await eventually(() => tap.of('engineer.deactivated', (event) => event.data.engineerId === leaving.id)[0], { what: 'engineer.deactivated' });
    expect(announced).toMatchObject({ source: 'case', data: { deactivatedBy: manager.id, deactivatedAt: expect.any(String) } });
    const reassignedTo = async (caseId: string, revision: number) =>
      (await eventually(() => tap.of('case.assigned', (event) => event.data.caseId === caseId && event.data.revision === revision)[0], { what: `case.assigned of ${caseId}` })).data;
    expect(await reassignedTo(mail.id, mail.revision + 1)).toMatchObject({ assignedEngineerId: colleague.id });
    expect(await reassignedTo(fax.id, fax.revision + 1)).toMatchObject({ assignedEngineerId: null });

    // Deactivating again is no change: nothing is announced twice.
    await hub.case().patch(`/api/v1/engineers/${leaving.id}`).set('authorization', hub.bearer(manager)).send({ active: false }).expect(200);
    const [waitingFor] = engineers(1, 'Fax');
    await hub.registerEngineer(manager, waitingFor, ['Fax']);
    await eventually(async () => (await caseOf(fax.id)).assignedEngineerId === waitingFor.id, { what: 'the waiting fax case to be assigned' });
    expect(tap.of('engineer.deactivated', (event) => event.data.engineerId === leaving.id)).toHaveLength(1);
  });

  it('a reopened case goes back to its engineer, or to someone else if they are inactive', async () => {
    const [keeper, substitute] = engineers(2, 'Reopen');
    await hub.registerEngineer(manager, keeper, ['Reopening']);
    const opened = await openCase('reopening');
    expect(opened.assignedEngineerId).toBe(keeper.id);
    await hub.case().post(`/api/v1/cases/${opened.id}/close`).set('authorization', hub.bearer(keeper)).expect(200);
    const back = await hub.case().post(`/api/v1/cases/${opened.id}/reopen`).set('authorization', hub.bearer(member)).expect(200);
    expect(back.body.assignedEngineerId).toBe(keeper.id);
    expect((await directory()).get(keeper.id)?.openCases).toBe(1);

    await hub.case().post(`/api/v1/cases/${opened.id}/close`).set('authorization', hub.bearer(admin)).expect(200);
    await hub.case().patch(`/api/v1/engineers/${keeper.id}`).set('authorization', hub.bearer(manager)).send({ active: false }).expect(200);
    await hub.registerEngineer(manager, substitute, ['Reopening']);
    const moved = await hub.case().post(`/api/v1/cases/${opened.id}/reopen`).set('authorization', hub.bearer(keeper as TestUser)).expect(200);
    expect(moved.body.assignedEngineerId).toBe(substitute.id);
  });
});
