import { EventEmitter } from 'node:events';
import type { ClientSession } from 'mongoose';
import type { EventBroadcasts } from '@support-hub/messaging';
import { ReadinessRegistry } from '@support-hub/platform';
import { eventually } from '@support-hub/testing';
import type { AccessConfig } from '../config/access.config';
import type { GrantRecord } from './grant';
import type { GrantsRepository } from './grants.repository';
import { LiveGrantIndex } from './live-grant.index';
import { LiveGrantSync } from './live-grant.sync';

type Row = Pick<GrantRecord, '_id' | 'basis' | 'expiresAt' | 'caseId' | 'workspaceId' | 'engineerId' | 'tenantId' | 'status'>;

/** The grants repository as the index's synchronisation reads it, answered when the test says. */
class FakeGrants {
  rows: Row[] = [];
  hold: Promise<void> | null = null;

  async activeForIndex(key: Pick<Row, 'engineerId' | 'tenantId'>) {
    const snapshot = this.rows.filter((row) => row.status === 'active' && row.engineerId === key.engineerId && row.tenantId === key.tenantId);
    await this.hold;
    return snapshot;
  }

  async *eachActiveForIndex() {
    const snapshot = this.rows.filter((row) => row.status === 'active');
    await this.hold;
    // Two batches, as the repository streams them.
    yield snapshot.slice(0, 1);
    yield snapshot.slice(1);
  }
}

const STILL_HIDDEN_MS = 66_000;

/** The index and its synchronisation, driven together as the service wires them. */
function liveGrants(db: FakeGrants) {
  const index = new LiveGrantIndex(STILL_HIDDEN_MS);
  const readiness = new ReadinessRegistry();
  /** What the broadcasts would call once their queue is bound. */
  const bound: Array<() => void> = [];
  const listeners: Array<(event: unknown) => void> = [];
  const broadcasts = {
    subscribe: (_types: unknown, listener: (event: unknown) => void, onSubscribed: () => void) => {
      listeners.push(listener);
      bound.push(onSubscribed);
    },
  };
  const sync = new LiveGrantSync(index, db as unknown as GrantsRepository, { GRANT_INDEX_RESYNC_MS: 0 } as AccessConfig, broadcasts as unknown as EventBroadcasts, readiness);
  return Object.assign(index, {
    resync: () => sync.resync(),
    forget: sync.forget.bind(sync),
    refreshWhenEnded: sync.refreshWhenEnded.bind(sync),
    start: () => sync.onApplicationBootstrap(),
    broadcastsBound: () => bound.forEach((onSubscribed) => onSubscribed()),
    /** As another replica's event would arrive on this replica's broadcast queue. */
    hear: (type: string, data: Record<string, unknown>) => listeners.forEach((listener) => listener({ type, data })),
    readiness: readiness,
  });
}

/** Timers faked (setImmediate and nextTick stay real, for awaited fakes) for the test, whatever its outcome. */
const withFakeTimers = (test: () => Promise<void>) => async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
  try {
    await test();
  } finally {
    jest.useRealTimers();
  }
};

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
const grant = (id: string, expiresMinute: number, status = 'active'): Row => ({
  _id: id, basis: 'request', caseId: 'case-1', workspaceId: 'ws-1', engineerId: 'eng-1', tenantId: 'tenant-a', expiresAt: at(expiresMinute), status: status as Row['status'],
});
const session = () => new EventEmitter() as unknown as ClientSession & EventEmitter;

describe(LiveGrantIndex.name, () => {
  let db: FakeGrants;
  let sut: ReturnType<typeof liveGrants>;

  beforeEach(() => {
    db = new FakeGrants();
    sut = liveGrants(db);
  });

  it('says nothing until loaded, so callers ask the database', () => {
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeUndefined();
  });

  // A load before the binding could keep a grant another replica ends in between.
  it('loads only once the broadcasts are bound, and is not ready before', async () => {
    db.rows = [grant('g1', 10)];
    sut.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeUndefined();
    expect((await sut.readiness.evaluate()).checks).toEqual({ 'grant-index': 'down' });
    sut.broadcastsBound();
    await eventually(() => sut.isLoaded, { what: 'the first load' });
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g1');
    expect((await sut.readiness.evaluate()).checks).toEqual({ 'grant-index': 'up' });
  });

  it('answers the live grant with the latest expiry and checks expiry on every lookup', async () => {
    db.rows = [grant('g1', 10), grant('g2', 30), grant('g3', 60, 'completed')];
    await sut.resync();
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g2');
    expect(sut.live('eng-1', 'tenant-a', at(45))).toBeNull();
    expect(sut.live('eng-2', 'tenant-a', at(0))).toBeNull();
  });

  it('stops answering with an ending grant at once, and restores it if the transaction aborted', async () => {
    db.rows = [grant('g1', 10)];
    await sut.resync();
    const aborted = session();
    sut.forget(db.rows[0], aborted);
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
    aborted.emit('ended');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g1');
  });

  it('never resurrects a grant removed while a reload was in flight', async () => {
    db.rows = [grant('g1', 10)];
    await sut.resync();
    let release!: () => void;
    db.hold = new Promise((resolve) => (release = resolve));
    const reload = sut.resync();
    sut.forget(db.rows[0], session());
    release();
    await reload;
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
  });

  it('keeps an ending grant out of reloads that begin before its transaction ends', async () => {
    db.rows = [grant('g1', 10)];
    await sut.resync();
    const ending = session();
    sut.forget(db.rows[0], ending);
    // The end is not committed yet: the database still says active.
    await sut.resync();
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
    db.rows = [grant('g1', 10, 'completed')];
    ending.emit('ended');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
  });

  it('keeps a grant gone while any transaction ending it is open, even if another one aborted', async () => {
    db.rows = [grant('g1', 10)];
    await sut.resync();
    const [aborting, committing] = [session(), session()];
    sut.forget(db.rows[0], aborting);
    sut.forget(db.rows[0], committing);
    aborting.emit('ended');
    await new Promise((resolve) => setImmediate(resolve));
    await sut.resync();
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
    db.rows = [grant('g1', 10, 'completed')];
    committing.emit('ended');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
  });

  it('tells database answers apart: a grant being ended, ended since the read began, or of a closing case is withdrawn', async () => {
    db.rows = [grant('g1', 10), { ...grant('g2', 20), caseId: 'case-2' }];
    await sut.resync();
    const sentBeforeTheEnd = sut.readMark();
    const ending = session();
    sut.forget(db.rows[0], ending);
    expect(sut.isWithdrawn(db.rows[0], sut.readMark())).toBe(true);
    ending.emit('ended');
    // A read sent while the end was uncommitted may answer after it settled, still showing the
    // grant active (the race that let a check allow a closed case's grant).
    expect(sut.isWithdrawn(db.rows[0], sentBeforeTheEnd)).toBe(true);
    // A read sent afterwards sees the database as it is (here the end aborted: the grant stands).
    expect(sut.isWithdrawn(db.rows[0], sut.readMark())).toBe(false);
    await sut.hideCaseWhile('case-2', async () => expect(sut.isWithdrawn(db.rows[1], sut.readMark())).toBe(true));
    expect(sut.isWithdrawn(db.rows[1], sut.readMark())).toBe(false);
  });

  it('hides the grants of a closing case while the close is applied, and only those', async () => {
    db.rows = [grant('g1', 10), { ...grant('g2', 20), caseId: 'case-2', tenantId: 'tenant-b' }];
    await sut.resync();
    let seenDuring: unknown[] = [];
    await sut.hideCaseWhile('case-1', async () => {
      seenDuring = [sut.live('eng-1', 'tenant-a', at(0)), sut.live('eng-1', 'tenant-b', at(0))?._id];
    });
    expect(seenDuring).toEqual([null, 'g2']);
    // The close ended nothing (a stale event): the grant answers again.
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g1');
    // A reassignment that failed hides nothing once it settles.
    await expect(sut.hideCaseWhile('case-1', async () => Promise.reject(new Error('aborted')))).rejects.toThrow('aborted');
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g1');
  });

  it('keeps the grants of a failed close hidden while its retries may come, then answers again', withFakeTimers(async () => {
    db.rows = [grant('g1', 10)];
    await sut.resync();
    await expect(sut.hideCaseWhile('case-1', async () => Promise.reject(new Error('aborted')), true)).rejects.toThrow('aborted');
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
    expect(sut.isWithdrawn(db.rows[0], sut.readMark())).toBe(true);
    jest.advanceTimersByTime(STILL_HIDDEN_MS - 1);
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
    jest.advanceTimersByTime(1);
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g1');
  }));

  it('keeps the former engineer out after a failed reassignment, for the retry span, and not the new engineer', withFakeTimers(async () => {
    db.rows = [grant('g1', 10), { ...grant('g2', 20), engineerId: 'eng-2' }];
    await sut.resync();
    await sut.hideReassignedCaseWhile('case-1', 'eng-2', async () => undefined);
    expect([sut.live('eng-1', 'tenant-a', at(0))?._id, sut.live('eng-2', 'tenant-a', at(0))?._id]).toEqual(['g1', 'g2']); // applied (here: ended nothing)
    await expect(sut.hideReassignedCaseWhile('case-1', 'eng-2', async () => Promise.reject(new Error('aborted')))).rejects.toThrow('aborted');
    expect([sut.live('eng-1', 'tenant-a', at(0)), sut.isWithdrawn(db.rows[0], sut.readMark())]).toEqual([null, true]);
    expect([sut.live('eng-2', 'tenant-a', at(0))?._id, sut.isWithdrawn(db.rows[1], sut.readMark())]).toEqual(['g2', false]);
    jest.advanceTimersByTime(STILL_HIDDEN_MS);
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g1');
  }));

  it('hides a closed case\'s grants as soon as the close is heard, whichever replica applies it, until a later reopening or the retry span', withFakeTimers(async () => {
    db.rows = [grant('g1', 10), { ...grant('g2', 20), caseId: 'case-2', tenantId: 'tenant-b' }];
    sut.start(); // subscribes
    await sut.resync();
    sut.hear('case.closed', { caseId: 'case-1', revision: 3 });
    expect([sut.live('eng-1', 'tenant-a', at(0)), sut.isWithdrawn(db.rows[0], sut.readMark())]).toEqual([null, true]);
    expect(sut.live('eng-1', 'tenant-b', at(0))?._id).toBe('g2');
    sut.hear('case.reopened', { caseId: 'case-1', revision: 3 }); // not later than the close
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
    sut.hear('case.reopened', { caseId: 'case-1', revision: 4 });
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g1');
    sut.hear('case.closed', { caseId: 'case-1', revision: 5 });
    jest.advanceTimersByTime(STILL_HIDDEN_MS - 1);
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
    jest.advanceTimersByTime(1);
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g1'); // the close never applied (a fake database)
  }));

  it('hides a deactivated engineer\'s grants as soon as the deactivation is heard, until a reactivation or the retry span', withFakeTimers(async () => {
    db.rows = [grant('g1', 10), { ...grant('g2', 20), engineerId: 'eng-2' }];
    sut.start(); // subscribes
    await sut.resync();
    sut.hear('engineer.deactivated', { engineerId: 'eng-1' });
    expect([sut.live('eng-1', 'tenant-a', at(0)), sut.isWithdrawn(db.rows[0], sut.readMark())]).toEqual([null, true]);
    expect(sut.live('eng-2', 'tenant-a', at(0))?._id).toBe('g2');
    sut.hear('engineer.updated', { engineerId: 'eng-1', active: false, revision: 3 });
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
    sut.hear('engineer.updated', { engineerId: 'eng-1', active: true, revision: 4 });
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g1');
    sut.hear('engineer.deactivated', { engineerId: 'eng-1' });
    jest.advanceTimersByTime(STILL_HIDDEN_MS);
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g1'); // never applied (a fake database)
  }));

  it('hides the grants of an expired contract\'s workspaces as soon as the expiry is heard, until a renewal', async () => {
    db.rows = [grant('g1', 10), { ...grant('g2', 20), caseId: 'case-2', workspaceId: 'ws-2', tenantId: 'tenant-b' }];
    sut.start(); // subscribes
    await sut.resync();
    sut.hear('contract.expired', { workspaceIds: ['ws-1'], revision: 5, endsAt: new Date(Date.now() - 1000).toISOString() });
    expect([sut.live('eng-1', 'tenant-a', at(0)), sut.isWithdrawn(db.rows[0], sut.readMark())]).toEqual([null, true]);
    expect(sut.live('eng-1', 'tenant-b', at(0))?._id).toBe('g2');
    sut.hear('contract.updated', { workspaceIds: ['ws-1'], revision: 6, endsAt: new Date(Date.now() - 1000).toISOString(), reactivated: false }); // not a renewal
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeNull();
    sut.hear('contract.updated', { workspaceIds: ['ws-1'], revision: 7, endsAt: new Date(Date.now() + 86_400_000).toISOString(), reactivated: true });
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g1');
  });

  it('hides every grant in the workspaces of an expiring contract while the expiry is applied, and after it fails for the retry span', withFakeTimers(async () => {
    db.rows = [grant('g1', 10), { ...grant('g2', 20), caseId: 'case-2', workspaceId: 'ws-2', tenantId: 'tenant-b' }, { ...grant('g3', 20), caseId: 'case-3', workspaceId: 'ws-3', tenantId: 'tenant-c' }];
    await sut.resync();
    let seenDuring: unknown[] = [];
    await sut.hideWorkspacesWhile(['ws-1', 'ws-2'], async () => {
      seenDuring = [sut.live('eng-1', 'tenant-a', at(0)), sut.live('eng-1', 'tenant-b', at(0)), sut.live('eng-1', 'tenant-c', at(0))?._id, sut.isWithdrawn(db.rows[1], sut.readMark())];
    });
    expect(seenDuring).toEqual([null, null, 'g3', true]);
    expect(sut.live('eng-1', 'tenant-b', at(0))?._id).toBe('g2');
    await expect(sut.hideWorkspacesWhile(['ws-1', 'ws-2'], async () => Promise.reject(new Error('aborted')))).rejects.toThrow('aborted');
    expect([sut.live('eng-1', 'tenant-a', at(0)), sut.live('eng-1', 'tenant-b', at(0))]).toEqual([null, null]);
    jest.advanceTimersByTime(STILL_HIDDEN_MS);
    expect([sut.live('eng-1', 'tenant-a', at(0))?._id, sut.live('eng-1', 'tenant-b', at(0))?._id]).toEqual(['g1', 'g2']);
  }));

  it('hides every grant of an engineer being deactivated, from memory and from database answers, until it settles', async () => {
    db.rows = [grant('g1', 10), { ...grant('g2', 20), tenantId: 'tenant-b' }, { ...grant('g3', 20), engineerId: 'eng-2' }];
    await sut.resync();
    let seenDuring: unknown[] = [];
    await sut.hideEngineerWhile('eng-1', async () => {
      seenDuring = [sut.live('eng-1', 'tenant-a', at(0)), sut.live('eng-1', 'tenant-b', at(0)), sut.live('eng-2', 'tenant-a', at(0))?._id, sut.isWithdrawn(db.rows[0], sut.readMark())];
    });
    expect(seenDuring).toEqual([null, null, 'g3', true]);
    // The deactivation ended nothing (a duplicate): the grants answer again.
    expect(sut.live('eng-1', 'tenant-b', at(0))?._id).toBe('g2');
    expect(sut.isWithdrawn(db.rows[0], sut.readMark())).toBe(false);
  });

  it('sends lookups of a key to the database while a grant is issued, and shows it once the session ended', async () => {
    await sut.resync();
    const issuing = session();
    sut.refreshWhenEnded(issuing, 'eng-1', 'tenant-a');
    db.rows = [grant('g9', 20)];
    expect(sut.live('eng-1', 'tenant-a', at(0))).toBeUndefined();
    expect(sut.live('eng-2', 'tenant-a', at(0))).toBeNull();
    issuing.emit('ended');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sut.live('eng-1', 'tenant-a', at(0))?._id).toBe('g9');
  });
});
