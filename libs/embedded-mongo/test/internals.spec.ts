import { ObjectId } from 'bson';
import { selectCandidates } from '../src/query/query-planner';
import { CollectionStore } from '../src/storage/collection-store';
import { StorageEngine } from '../src/storage/storage-engine';
import type { StorageChange } from '../src/storage/storage-change';
import { sweepExpired } from '../src/storage/ttl-sweeper';
import { SYSTEM_TASK_PRIORITY_MS } from '../src/transactions/system-tasks';
import { WriteBlocked } from '../src/transactions/transaction-errors';
import { TransactionManager } from '../src/transactions/transaction-manager';

/** Unit checks of the pieces the wire-level suites cannot observe directly. */
describe('embedded mongo internals', () => {
  const store = () => new CollectionStore('db.c', {}, () => undefined);

  describe('index candidate selection', () => {
    it('narrows by _id, single, compound-prefix and multikey indexes', () => {
      const c = store();
      c.createIndex({ v: 2, key: { org: 1, user: 1 }, name: 'org_user' });
      c.createIndex({ v: 2, key: { 'tags.name': 1 }, name: 'tags' });
      for (let i = 0; i < 100; i++) c.insert({ _id: i, org: i % 10, user: `u${i}`, tags: [{ name: `t${i % 3}` }, { name: 'all' }] });
      expect(selectCandidates(c, { _id: { $in: [1, 2, 999] } })).toHaveLength(2);
      expect(selectCandidates(c, { org: 3 })).toHaveLength(10);
      expect(selectCandidates(c, { org: 3, user: 'u13' })).toHaveLength(1);
      expect(selectCandidates(c, { $and: [{ org: { $in: [1, 2] } }, { user: { $eq: 'u1' } }] })).toHaveLength(1);
      expect(selectCandidates(c, { 'tags.name': 't1' })).toHaveLength(33);
      expect(selectCandidates(c, { user: 'u1' })).toHaveLength(100); // not a prefix: full scan
      expect(selectCandidates(c, { org: { $gt: 3 } })).toHaveLength(100);
    });

    it('treats null as matching missing fields, and numbers by value', () => {
      const c = store();
      c.createIndex({ v: 2, key: { a: 1 }, name: 'a_1' });
      c.insert({ _id: 1, a: null });
      c.insert({ _id: 2 });
      c.insert({ _id: 3, a: 1.0 });
      c.insert({ _id: 4, a: [1, 2] });
      expect(selectCandidates(c, { a: null }).map((d) => d._id).sort()).toEqual([1, 2]);
      expect(selectCandidates(c, { a: 1 }).map((d) => d._id).sort()).toEqual([3, 4]);
    });

    it('keeps indexes consistent through replace and delete, and refuses parallel arrays', () => {
      const c = store();
      c.createIndex({ v: 2, key: { e: 1 }, name: 'e_1', unique: true });
      const id = new ObjectId();
      c.insert({ _id: id, e: 'x' });
      c.replace(`o${id.toHexString()}`, { _id: id, e: 'y' });
      c.insert({ e: 'x' });
      expect(() => c.insert({ e: 'y' })).toThrow(/E11000.*dup key: \{ e: "y" \}/);
      c.delete(`o${id.toHexString()}`);
      c.insert({ e: 'y' });
      c.createIndex({ v: 2, key: { p: 1, q: 1 }, name: 'pq' });
      expect(() => c.insert({ p: [1, 2], q: [3, 4] })).toThrow(/parallel arrays/);
      expect(c.docs.size).toBe(2);
    });
  });

  describe('TTL sweep', () => {
    it('removes expired documents only, honouring partial filters', () => {
      const engine = new StorageEngine();
      const c = engine.ensureCollection('db', 'ttl');
      c.createIndex({ v: 2, key: { at: 1 }, name: 'at_1', expireAfterSeconds: 10, partialFilterExpression: { kind: 'temp' } });
      const old = new Date(Date.now() - 60_000);
      c.insert({ _id: 1, at: old, kind: 'temp' });
      c.insert({ _id: 2, at: old, kind: 'keep' });
      c.insert({ _id: 3, at: new Date(), kind: 'temp' });
      c.insert({ _id: 4, at: 'not a date', kind: 'temp' });
      expect(sweepExpired(engine)).toBe(1);
      expect([...c.docs.values()].map((d) => d._id)).toEqual([2, 3, 4]);
    });
  });

  describe('transaction manager', () => {
    function setup(lifetimeMs = 60_000) {
      const engine = new StorageEngine();
      const persisted: StorageChange[] = [];
      const txm = new TransactionManager(engine, (changes) => persisted.push(...changes), lifetimeMs);
      const c = engine.ensureCollection('db', 'c');
      /** Runs `work` as one command, returning the changes it made. */
      const changesOf = (work: () => void) => {
        const changes: StorageChange[] = [];
        engine.setSink((change) => changes.push(change));
        work();
        engine.setSink(() => undefined);
        return changes;
      };
      const insertIn = (session: string, doc: { _id: number; [key: string]: unknown }) => txm.record(session, changesOf(() => c.insert(doc)));
      return { engine, txm, c, changesOf, insertIn, persisted };
    }

    it('keeps a transaction\'s writes from other sessions until commit, then persists them', () => {
      const { txm, c, insertIn, persisted } = setup();
      txm.begin('db', 'A', 1);
      insertIn('A', { _id: 1 });
      const outside = txm.visibility('B', false);
      expect(selectCandidates(c, {}, false, outside.preImages('db.c'))).toEqual([]);
      expect(selectCandidates(c, {}, false, txm.visibility('A', true).preImages('db.c'))).toEqual([{ _id: 1 }]);
      txm.commit('A', 1);
      expect(selectCandidates(c, {}, false, txm.visibility('B', false).preImages('db.c'))).toEqual([{ _id: 1 }]);
      expect(persisted).toHaveLength(1);
      expect(() => txm.commit('A', 1)).not.toThrow(); // retried commit
    });

    it('shows other sessions the pre-transaction documents, even through indexes', () => {
      const { engine, txm, changesOf } = setup();
      const c = engine.ensureCollection('db', 'v');
      c.createIndex({ v: 2, key: { k: 1 }, name: 'k_1' });
      c.insert({ _id: 1, k: 'a' });
      c.insert({ _id: 2, k: 'b' });
      txm.begin('db', 'A', 1);
      txm.record('A', changesOf(() => {
        c.replace('n1', { _id: 1, k: 'z' });
        c.delete('n2');
        c.insert({ _id: 3, k: 'a' });
      }));
      const view = txm.visibility('B', false).preImages('db.v');
      expect(txm.visibility('A', true).preImages('db.v')).toBeUndefined();
      expect(selectCandidates(c, {}, false, view).map((d) => d._id).sort()).toEqual([1, 2]);
      const byOldKey = selectCandidates(c, { k: 'a' }, true, view);
      expect(byOldKey.filter((d) => d.k === 'a').map((d) => d._id)).toEqual([1]);
    });

    it('refuses a write to a document another transaction holds, and lets writes to other documents go on', () => {
      const { txm, c, insertIn } = setup();
      c.insert({ _id: 5 });
      txm.begin('db', 'A', 1);
      txm.begin('db', 'B', 1);
      insertIn('A', { _id: 1 });
      insertIn('B', { _id: 2 }); // another document: no conflict
      const held = { kind: 'delete' as const, ns: 'db.c', before: { _id: 1 } };
      expect(() => txm.checkWrite('B', true, held)).toThrow(WriteBlocked);
      expect(() => txm.checkWrite(undefined, false, held)).toThrow(expect.objectContaining({ holder: 'A' }));
      expect(() => txm.checkWrite('A', true, held)).not.toThrow();
      expect(() => txm.checkWrite(undefined, false, { kind: 'delete', ns: 'db.c', before: { _id: 5 } })).not.toThrow();
    });

    it('shows a transaction its snapshot, and fails one that writes a document committed after it began', () => {
      const { txm, c, changesOf, insertIn } = setup();
      c.insert({ _id: 9, v: 1 });
      c.insert({ _id: 8 });
      txm.begin('db', 'A', 1);
      txm.begin('db', 'B', 1);
      insertIn('B', { _id: 1 });
      txm.record('B', changesOf(() => c.replace('n9', { _id: 9, v: 2 })));
      txm.commit('B', 1);
      // A began before B committed: it still reads v1 and does not see _id 1.
      const snapshot = (session: string) => selectCandidates(c, {}, false, txm.visibility(session, true).preImages('db.c')).map((d) => d.v ?? d._id);
      expect(snapshot('A').sort()).toEqual([1, 8]);
      expect(() => txm.checkWrite('A', true, { kind: 'delete', ns: 'db.c', before: { _id: 9 } })).toThrow(WriteBlocked);
      expect(() => txm.checkWrite('A', true, { kind: 'delete', ns: 'db.c', before: { _id: 1 } })).toThrow(WriteBlocked);
      expect(() => txm.checkWrite('A', true, { kind: 'delete', ns: 'db.c', before: { _id: 8 } })).not.toThrow();
      // A plain delete committed meanwhile: A still sees the document, a later transaction does not.
      txm.committedOutside(changesOf(() => c.delete('n8')));
      expect(snapshot('A').sort()).toEqual([1, 8]);
      txm.begin('db', 'C', 1);
      expect(snapshot('C').sort()).toEqual([1, 2]);
    });

    it('turns a duplicate key held by another transaction into a conflict, not an E11000', () => {
      const { txm, c, insertIn } = setup();
      c.createIndex({ v: 2, key: { email: 1 }, name: 'email_1', unique: true });
      txm.begin('db', 'A', 1);
      insertIn('A', { _id: 1, email: 'a@x' });
      let duplicate: unknown;
      try {
        c.insert({ _id: 2, email: 'a@x' });
      } catch (error) {
        duplicate = error;
      }
      expect(txm.conflictOf(duplicate, 'B')).toMatchObject({ holder: 'A' });
      txm.commit('A', 1);
      expect(txm.conflictOf(duplicate, 'B')).toBeUndefined(); // committed: a real duplicate now
    });

    it('turns a duplicate of a document committed after the snapshot into a conflict, as mongod does', () => {
      const { txm, c, insertIn } = setup();
      txm.begin('db', 'A', 1);
      txm.begin('db', 'B', 1);
      insertIn('B', { _id: 5 });
      txm.commit('B', 1);
      let duplicate: unknown;
      try {
        c.insert({ _id: 5 });
      } catch (error) {
        duplicate = error;
      }
      // A's snapshot does not have _id 5: WriteConflict (retry), not E11000.
      expect(txm.conflictOf(duplicate, 'A', true)).toMatchObject({ holder: undefined });
      expect(txm.conflictOf(duplicate, 'C', false)).toBeUndefined(); // outside a transaction: a real duplicate
    });

    it('wakes the writes waiting for a transaction when it ends', async () => {
      const { txm } = setup();
      txm.begin('db', 'A', 1);
      const ended = txm.whenEnded('A');
      let woken = false;
      void ended.then(() => (woken = true));
      await Promise.resolve();
      expect(woken).toBe(false);
      txm.abort('A', 1);
      await ended;
      await expect(txm.whenEnded('A')).resolves.toBe(true);
    });

    it('lets a transaction wait for a holder unless the wait would close a cycle', () => {
      const { txm } = setup();
      for (const session of ['A', 'B', 'C']) txm.begin('db', session, 1);
      expect(txm.waits.start('A', 'B')).toBe(true);
      expect(txm.waits.start('B', 'C')).toBe(true);
      expect(txm.waits.start('C', 'A')).toBe(false); // C → A → B → C: a deadlock
      txm.waits.stop('A');
      expect(txm.waits.start('C', 'A')).toBe(true);
    });

    it('moves a snapshot forward only when nothing the transaction read was committed since', () => {
      const { txm, c, changesOf } = setup();
      c.insert({ _id: 1, n: 0 });
      c.insert({ _id: 2, n: 0 });
      txm.begin('db', 'A', 1);
      txm.begin('db', 'R', 1);
      txm.visibility('R', true, true).examined!('db.c', [{ _id: 1 }], [1]);
      txm.begin('db', 'B', 1);
      txm.record('B', changesOf(() => c.replace('n2', { _id: 2, n: 1 })));
      txm.commit('B', 1);
      expect(txm.advanceSnapshot('R')).toBe(true); // read _id 1 only; _id 2 changed
      txm.visibility('A', true, true).examined!('db.c', [{ _id: 2 }], [2]);
      expect(txm.advanceSnapshot('A')).toBe(false); // read _id 2, which changed
    });

    it('counts an _id a read asked for and did not find: a later insert of it is a phantom', () => {
      const { txm, c, changesOf } = setup();
      txm.begin('db', 'R', 1);
      txm.visibility('R', true, true).examined!('db.c', [], [7]);
      txm.begin('db', 'B', 1);
      txm.record('B', changesOf(() => c.insert({ _id: 7, n: 1 })));
      txm.commit('B', 1);
      expect(txm.advanceSnapshot('R')).toBe(false);
    });

    it('refuses a transaction that leaves its database, rolling it back', () => {
      const { txm, c, insertIn } = setup();
      txm.begin('db', 'A', 1);
      insertIn('A', { _id: 1 });
      expect(() => txm.require('other', 'A', 1)).toThrow(/spanning several databases/);
      expect(c.docs.size).toBe(0);
      expect(txm.isOwner('A', 1)).toBe(false);
    });

    it('runs a system task once no transaction is open, and then holds back new ones that keep it waiting', async () => {
      const { txm } = setup();
      txm.begin('db', 'A', 1);
      const order: string[] = [];
      const system = txm.whenQuiet(() => order.push('system'));
      await Promise.resolve();
      expect(order).toEqual([]);
      const now = Date.now();
      const clock = jest.spyOn(Date, 'now').mockReturnValue(now + SYSTEM_TASK_PRIORITY_MS + 1);
      try {
        expect(() => txm.begin('db', 'B', 1)).toThrow(expect.objectContaining({ codeName: 'WriteConflict', errorLabels: ['TransientTransactionError'] }));
      } finally {
        clock.mockRestore();
      }
      txm.commit('A', 1);
      await system;
      expect(order).toEqual(['system']);
    });

    it('rolls back the transaction of a client whose connection closed', () => {
      const { txm, c, insertIn } = setup();
      txm.begin('db', 'A', 1);
      txm.touch('A', 7);
      insertIn('A', { _id: 1 });
      txm.connectionClosed(8);
      expect(txm.isOwner('A', 1)).toBe(true);
      txm.connectionClosed(7);
      expect(c.docs.size).toBe(0);
      expect(txm.isOwner('A', 1)).toBe(false);
      expect(() => txm.checkWrite(undefined, false, { kind: 'delete', ns: 'db.c', before: { _id: 1 } })).not.toThrow();
    });

    it('rolls back on expiry', async () => {
      const { txm, c, insertIn, persisted } = setup(50);
      txm.begin('db', 'A', 1);
      insertIn('A', { _id: 1 });
      await txm.whenEnded('A');
      expect(c.docs.size).toBe(0);
      expect(persisted).toHaveLength(0);
      expect(() => txm.require('db', 'A', 1)).toThrow(/has been aborted/);
      expect(() => txm.commit('A', 1)).toThrow(expect.objectContaining({ errorLabels: ['TransientTransactionError'] }));
    });
  });
});
