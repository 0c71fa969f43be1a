import { activate, daysRemaining, defaultWorkspaceInvitations, draftContract, effectiveStatus, type ContractCreator, type NewContract } from './contract';
import { ContractRoleSlotError, ContractTermInvalidError } from './contracts.errors';

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
const csam: ContractCreator = { id: 'csam-1', isCsam: true, isAccountCoordinator: false };
const coordinator: ContractCreator = { id: 'ac-1', isCsam: false, isAccountCoordinator: true };

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

  it.each([
    ['draft', at(10), NOW, 'draft'],
    ['active', at(10), NOW, 'active'],
    ['active', NOW, NOW, 'expired'],
    ['draft', at(-1), NOW, 'expired'],
    ['expired', at(-1), NOW, 'expired'],
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
