import { AuthenticatedUser } from '@support-hub/auth';
import type { Outbox } from '@support-hub/messaging';
import type { TransactionRunner } from '@support-hub/persistence';
import { ManualClock } from '@support-hub/platform';
import type { ClientSession } from 'mongoose';
import { draftContract, type ContractRecord } from '../contracts/contract';
import type { ContractsRepository } from '../contracts/contracts.repository';
import { ContractsService } from '../contracts/contracts.service';
import type { WorkspacesRepository } from '../workspaces/workspaces.repository';
import { ContractLifecycleService } from './contract-lifecycle.service';

const NOW = new Date('2030-01-01T00:00:00Z');
const DAY = 86_400_000;

describe(ContractLifecycleService.name, () => {
  const csam = new AuthenticatedUser('csam-1', 'c@vendor.com', 'Carla', 'vendor', ['csam'], 'vendor');
  let stored: ContractRecord | null;
  let contracts: { findById: jest.Mock; replaceIfUnchanged: jest.Mock };
  let workspaces: { insert: jest.Mock };
  let outbox: { record: jest.Mock };
  let sut: ContractLifecycleService;

  beforeEach(() => {
    stored = draftContract(
      {
        id: 'c-1',
        customerName: 'Contoso',
        customerTenantId: 'tenant-1',
        type: 'unified',
        startsAt: new Date(NOW.getTime() + DAY),
        endsAt: new Date(NOW.getTime() + 365 * DAY),
        serviceAdmin: { email: 'Admin@Contoso.com', name: 'Ada' },
        supportContacts: [
          { email: 'bob@contoso.com', name: 'Bob' },
          { email: 'ADMIN@contoso.com', name: 'Ada again' },
        ],
        services: ['a', 'b', 'a'],
      },
      { id: 'csam-1', isCsam: true, isAccountCoordinator: false, contact: { email: 'Carla@vendor.com', name: 'Carla' } },
      NOW,
    );
    contracts = {
      findById: jest.fn(async () => stored),
      replaceIfUnchanged: jest.fn(async (activated: ContractRecord) => {
        if (!stored || stored.status !== 'draft') return null;
        stored = activated;
        return stored;
      }),
    };
    workspaces = { insert: jest.fn(async () => undefined) };
    outbox = { record: jest.fn(async () => []) };
    const tx = { run: (work: (session: ClientSession) => Promise<unknown>) => work({} as ClientSession) } as TransactionRunner;
    const repository = contracts as unknown as ContractsRepository;
    const clock = new ManualClock(NOW);
    sut = new ContractLifecycleService(repository, new ContractsService(repository, tx, outbox as unknown as Outbox, clock), workspaces as unknown as WorkspacesRepository, tx, outbox as unknown as Outbox, clock);
  });

  it('activation creates the default workspace and records contract.activated + workspace.created with the invitations', async () => {
    const view = await sut.activate(csam, 'c-1');
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
    contracts.replaceIfUnchanged.mockResolvedValueOnce(null);
    expect(await sut.activateIfDraft('c-1', NOW, null)).toBe(false);
    expect(workspaces.insert).not.toHaveBeenCalled();
    expect(outbox.record).not.toHaveBeenCalled();
  });

  it('hides contracts from anyone but their own CSAM/AC (404), and refuses to activate an ended term', async () => {
    const otherCsam = new AuthenticatedUser('csam-2', 'o@vendor.com', null, 'vendor', ['csam'], 'vendor');
    const impostor = new AuthenticatedUser('csam-1', 'x@contoso.com', null, 'tenant-1', [], 'vendor');
    await expect(sut.activate(otherCsam, 'c-1')).rejects.toMatchObject({ code: 'CONTRACT_NOT_FOUND' });
    await expect(sut.activate(impostor, 'c-1')).rejects.toMatchObject({ code: 'CONTRACT_NOT_FOUND' });
    stored = { ...stored!, endsAt: new Date(NOW.getTime() - 1) };
    await expect(sut.activate(csam, 'c-1')).rejects.toMatchObject({ code: 'CONTRACT_EXPIRED' });
    expect(outbox.record).not.toHaveBeenCalled();
  });
});
