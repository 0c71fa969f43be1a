import { accountTeamOf, activate, changeContract, daysRemaining, defaultWorkspaceInvitations, draftContract, effectiveStatus, expire, type ContractChange, type ContractCreator, type NewContract } from './contract';
import { ContractRoleSlotError, ContractTermInvalidError, ServiceRemovalError } from './contracts.errors';

const NOW = new Date('2030-01-01T00:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

const input = (overrides: Partial<NewContract> = {}): NewContract => ({
  id: 'c-1',
  customerName: '  Contoso ',
  customerTenantId: 'tenant-1',
  type: 'unified',
  startsAt: at(1),
  endsAt: at(365),
  serviceAdmin: { email: 'Admin@Contoso.com', name: 'Ada' },
  supportContacts: [
    { email: 'bob@contoso.com', name: 'Bob' },
    { email: 'ADMIN@contoso.com', name: 'Ada again' },
  ],
  services: ['a', 'b', 'a'],
  ...overrides,
});
const csam: ContractCreator = { id: 'csam-1', isCsam: true, isAccountCoordinator: false, contact: { email: 'Carla@vendor.com', name: 'Carla' } };
const coordinator: ContractCreator = { id: 'ac-1', isCsam: false, isAccountCoordinator: true, contact: null };

describe('contract', () => {
  it('is created a draft, names trimmed, addresses lower-cased, services once', () => {
    expect(draftContract(input(), csam, NOW)).toMatchObject({
      status: 'draft',
      customerName: 'Contoso',
      serviceAdmin: { email: 'admin@contoso.com', name: 'Ada' },
      services: ['a', 'b'],
      defaultWorkspaceId: null,
      createdBy: 'csam-1',
    });
  });

  it.each([
    ['a CSAM', csam, {}, { csamId: 'csam-1', accountCoordinatorId: null }],
    ['a CSAM naming the AC', csam, { accountCoordinatorId: 'ac-9' }, { csamId: 'csam-1', accountCoordinatorId: 'ac-9' }],
    ['a CSAM sending their own id', csam, { csamId: 'csam-1' }, { csamId: 'csam-1', accountCoordinatorId: null }],
    ['an AC naming the CSAM', coordinator, { csamId: 'csam-1' }, { csamId: 'csam-1', accountCoordinatorId: 'ac-1' }],
  ] as const)('puts %s in the slot of their role', (_label, creator, body, slots) => {
    expect(draftContract(input(body), creator, NOW)).toMatchObject(slots);
  });

  it.each([
    ['another id in the creator\'s own slot', input({ csamId: 'someone' }), ContractRoleSlotError],
    ['a term that ends when it starts', input({ endsAt: at(1) }), ContractTermInvalidError],
    ['a term that ends before it starts', input({ endsAt: at(0.5) }), ContractTermInvalidError],
    ['a term already over', input({ startsAt: at(-2), endsAt: at(-1) }), ContractTermInvalidError],
  ])('refuses %s', (_label, body, error) => {
    expect(() => draftContract(body, csam, NOW)).toThrow(error);
  });

  it('takes the creator\'s name and email as their slot\'s contact, the body\'s for the other slot', () => {
    const contract = draftContract(input({ accountCoordinatorId: 'ac-9', accountCoordinator: { email: 'Andy@vendor.com', name: 'Andy' } }), csam, NOW);
    expect(accountTeamOf(contract)).toEqual({ csam: { email: 'carla@vendor.com', name: 'Carla' }, accountCoordinator: { email: 'andy@vendor.com', name: 'Andy' } });
    expect(accountTeamOf(draftContract(input(), csam, NOW)).accountCoordinator).toBeNull();
  });

  it.each([
    ['draft', at(10), NOW, 'draft'],
    ['active', at(10), NOW, 'active'],
    ['active', NOW, NOW, 'expired'],
    ['draft', at(-1), NOW, 'expired'],
    ['expired', at(-1), NOW, 'expired'],
    ['active', at(-1), NOW, 'expired'],
  ] as const)('a stored %s contract ending %s reads at %s as %s', (status, endsAt, now, expected) => {
    expect(effectiveStatus({ status, endsAt }, now)).toBe(expected);
  });

  it('activates a draft once, never after its term', () => {
    const draft = draftContract(input(), csam, NOW);
    const active = activate(draft, 'ws-1', at(2));
    expect(active).toMatchObject({ status: 'active', defaultWorkspaceId: 'ws-1', activatedAt: at(2) });
    expect(activate(active!, 'ws-2', at(3))).toBeNull();
    expect(activate(draft, 'ws-1', at(365))).toBeNull();
  });

  it('counts the days remaining, a started day as one, none after the end', () => {
    const contract = draftContract(input(), csam, NOW);
    expect(daysRemaining(contract, NOW)).toBe(365);
    expect(daysRemaining(contract, new Date(at(364).getTime() + 1))).toBe(1);
    expect(daysRemaining(contract, at(400))).toBe(0);
  });

  it('invites the service admin once, as admin, and each other contact as member', () => {
    expect(defaultWorkspaceInvitations(draftContract(input(), csam, NOW))).toEqual([
      { email: 'admin@contoso.com', role: 'admin', name: 'Ada' },
      { email: 'bob@contoso.com', role: 'member', name: 'Bob' },
    ]);
  });
});

describe('contract changes', () => {
  const active = activate(draftContract(input(), csam, NOW), 'ws-1', at(1))!;

  it.each<[string, ContractChange, object, string[]]>([
    ['renews the term', { endsAt: at(730) }, { endsAt: at(730) }, ['endsAt']],
    ['shortens the term', { endsAt: at(30) }, { endsAt: at(30) }, ['endsAt']],
    ['adds a service bought later, keeping the others first', { services: ['c', 'b', 'a', 'c'] }, { services: ['a', 'b', 'c'] }, ['services']],
    ['replaces the contacts, lower-cased', { supportContacts: [{ email: 'Zoe@contoso.com', name: 'Zoe' }] }, { supportContacts: [{ email: 'zoe@contoso.com', name: 'Zoe' }] }, ['supportContacts']],
    ['hands the CSAM slot over (the old contact goes)', { csamId: 'csam-2' }, { csamId: 'csam-2', csam: null }, ['csamId']],
    ['names an AC with a contact', { accountCoordinatorId: 'ac-2', accountCoordinator: { email: 'a@v.com', name: 'A' } }, { accountCoordinatorId: 'ac-2', accountCoordinator: { email: 'a@v.com', name: 'A' } }, ['accountCoordinatorId']],
  ])('%s', (_label, change, fields, changed) => {
    const result = changeContract(active, change, at(2));
    expect(result).toMatchObject({ contract: { ...fields, revision: active.revision + 1, status: 'active' }, changed, reactivated: false });
  });

  it.each<[string, ContractChange]>([
    ['the same term', { endsAt: at(365) }],
    ['the same services', { services: ['b', 'a'] }],
    ['nothing', {}],
  ])('changes nothing for %s', (_label, change) => {
    expect(changeContract(active, change, at(2))).toBeNull();
  });

  it.each<[string, ContractChange, new (...args: never[]) => Error]>([
    ['a term ending before it starts', { endsAt: at(0.5) }, ContractTermInvalidError],
    ['a removed service', { services: ['a'] }, ServiceRemovalError],
  ])('refuses %s', (_label, change, error) => {
    expect(() => changeContract(active, change, at(2))).toThrow(error);
  });

  it('expires once when the term has ended, and a term extended past now reactivates it', () => {
    expect(expire(active, at(100))).toBeNull();
    const expired = expire(active, at(366))!;
    expect(expired).toMatchObject({ status: 'expired', expiredAt: at(366), revision: active.revision + 1 });
    expect(expire(expired, at(367))).toBeNull();
    expect(changeContract(expired, { endsAt: at(400) }, at(367))).toMatchObject({ contract: { status: 'active', expiredAt: null }, changed: ['endsAt'], reactivated: true });
    // Ended but not yet swept: extending it is a reactivation too.
    expect(changeContract(active, { endsAt: at(400) }, at(366))).toMatchObject({ contract: { status: 'active' }, reactivated: true });
    // Extending it to a date already past changes the term, not the expiry.
    expect(changeContract(expired, { endsAt: at(366.5) }, at(367))).toMatchObject({ contract: { status: 'expired' }, reactivated: false });
    // A draft that expired before it was ever activated comes back a draft.
    const lapsedDraft = expire(draftContract(input(), csam, NOW), at(366))!;
    expect(changeContract(lapsedDraft, { endsAt: at(400) }, at(367))?.contract.status).toBe('draft');
  });
});
