import { AuthenticatedUser } from '@support-hub/auth';
import type { Outbox } from '@support-hub/messaging';
import type { TransactionRunner } from '@support-hub/persistence';
import { ManualClock } from '@support-hub/platform';
import type { ClientSession } from 'mongoose';
import type { WorkspacesRepository } from '../workspaces/workspaces.repository';
import type { ContractRecord } from './contract.schema';
import type { ContractsRepository } from './contracts.repository';
import { ContractsService } from './contracts.service';
import type { CreateContractDto } from './dto/create-contract.dto';

const NOW = new Date('2030-01-01T00:00:00Z');
const DAY = 86_400_000;

function contractDto(overrides: Partial<CreateContractDto> = {}): CreateContractDto {
  return {
    customerName: 'Contoso',
    customerTenantId: 'tenant-1',
    type: 'unified',
    startsAt: new Date(NOW.getTime() + DAY).toISOString(),
    endsAt: new Date(NOW.getTime() + 365 * DAY).toISOString(),
    serviceAdmin: { email: 'Admin@Contoso.com', name: 'Ada' },
    supportContacts: [
      { email: 'bob@contoso.com', name: 'Bob' },
      { email: 'ADMIN@contoso.com', name: 'Ada again' },
    ],
    services: ['a', 'b', 'a'],
    ...overrides,
  };
}

describe(ContractsService.name, () => {
  const csam = new AuthenticatedUser('csam-1', 'c@vendor.com', 'Carla', 'vendor', ['csam'], 'vendor');
  const coordinator = new AuthenticatedUser('ac-1', 'a@vendor.com', 'Andy', 'vendor', ['account-coordinator'], 'vendor');
  let stored: ContractRecord | null;
  let contracts: { insert: jest.Mock; findById: jest.Mock; activateIfDraft: jest.Mock };
  let workspaces: { insert: jest.Mock };
  let outbox: { record: jest.Mock };
  let sut: ContractsService;

  beforeEach(() => {
    stored = null;
    contracts = {
      insert: jest.fn(async (contract: ContractRecord) => void (stored = contract)),
      findById: jest.fn(async () => stored),
      activateIfDraft: jest.fn(async (_id: string, defaultWorkspaceId: string, now: Date) => {
        if (!stored || stored.status !== 'draft') return null;
        stored = { ...stored, status: 'active', defaultWorkspaceId, activatedAt: now };
        return stored;
      }),
    };
    workspaces = { insert: jest.fn(async () => undefined) };
    outbox = { record: jest.fn(async () => []) };
    const tx = { run: (work: (session: ClientSession) => Promise<unknown>) => work({} as ClientSession) } as TransactionRunner;
    sut = new ContractsService(contracts as unknown as ContractsRepository, workspaces as unknown as WorkspacesRepository, tx, outbox as unknown as Outbox, new ManualClock(NOW));
  });

  it('creates a draft with the creator in the slot of their role, addresses lower-cased, services once', async () => {
    const view = await sut.create(coordinator, contractDto({ csamId: 'csam-1' }));
    expect(view).toMatchObject({ status: 'draft', csamId: 'csam-1', accountCoordinatorId: 'ac-1', services: ['a', 'b'] });
    expect(view.serviceAdmin.email).toBe('admin@contoso.com');
  });

  it('refuses another id in the creator\'s own slot, and a term that is backwards or over', async () => {
    await expect(sut.create(csam, contractDto({ csamId: 'someone' }))).rejects.toMatchObject({ code: 'CONTRACT_ROLE_SLOT_MISMATCH' });
    await expect(sut.create(csam, contractDto({ endsAt: contractDto().startsAt }))).rejects.toMatchObject({ code: 'CONTRACT_TERM_INVALID' });
    await expect(
      sut.create(csam, contractDto({ startsAt: new Date(NOW.getTime() - 2 * DAY).toISOString(), endsAt: new Date(NOW.getTime() - DAY).toISOString() })),
    ).rejects.toMatchObject({ code: 'CONTRACT_TERM_INVALID' });
    expect(contracts.insert).not.toHaveBeenCalled();
  });

  it('activation creates the default workspace and records contract.activated + workspace.created with the invitations', async () => {
    const { id } = await sut.create(csam, contractDto());
    const view = await sut.activate(csam, id);
    expect(view).toMatchObject({ status: 'active', defaultWorkspaceId: expect.any(String) });
    expect(workspaces.insert).toHaveBeenCalledWith(expect.objectContaining({ name: 'Default', isDefault: true, services: ['a', 'b'], allowPersonalAccounts: false }), expect.anything());
    const [events] = outbox.record.mock.calls[0];
    expect(events.map((event: { type: string }) => event.type)).toEqual(['contract.activated', 'workspace.created']);
    // The service admin once, as admin, even when also listed as a contact.
    expect(events[1].data.initialInvitations).toEqual([
      { email: 'admin@contoso.com', role: 'admin', name: 'Ada' },
      { email: 'bob@contoso.com', role: 'member', name: 'Bob' },
    ]);
  });

  it('a lost race (someone else activated first) creates nothing', async () => {
    const { id } = await sut.create(csam, contractDto());
    contracts.activateIfDraft.mockResolvedValueOnce(null);
    expect(await sut.activateIfDraft(id, NOW, null)).toBe(false);
    expect(workspaces.insert).not.toHaveBeenCalled();
    expect(outbox.record).not.toHaveBeenCalled();
  });

  it('hides contracts from anyone but their own CSAM/AC (404), and refuses to activate an ended term', async () => {
    const { id } = await sut.create(csam, contractDto());
    const otherCsam = new AuthenticatedUser('csam-2', 'o@vendor.com', null, 'vendor', ['csam'], 'vendor');
    const impostor = new AuthenticatedUser('csam-1', 'x@contoso.com', null, 'tenant-1', [], 'vendor');
    await expect(sut.get(otherCsam, id)).rejects.toMatchObject({ code: 'CONTRACT_NOT_FOUND' });
    await expect(sut.get(impostor, id)).rejects.toMatchObject({ code: 'CONTRACT_NOT_FOUND' });
    stored = { ...stored!, endsAt: new Date(NOW.getTime() - 1) };
    await expect(sut.activate(csam, id)).rejects.toMatchObject({ code: 'CONTRACT_EXPIRED' });
  });
});
