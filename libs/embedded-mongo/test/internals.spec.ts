import { ObjectId } from 'bson';
import { selectCandidates } from '../src/query/query-planner';
import { CollectionStore } from '../src/storage/collection-store';
import { StorageEngine } from '../src/storage/storage-engine';
import type { StorageChange } from '../src/storage/storage-change';
import { sweepExpired } from '../src/storage/ttl-sweeper';
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
      const write = (doc: { _id: number }) => {
        const changes: StorageChange[] = [];
        engine.setSink((change) => changes.push(change));
        c.insert(doc);
        engine.setSink(() => undefined);
        return changes;
      };
      return { engine, txm, c, write, persisted };
    }

    it('queues other sessions until commit, then persists the transaction', async () => {
      const { txm, c, write, persisted } = setup();
      await txm.schedule('db', 'A', () => {
        txm.begin('db', 'A', 1);
        txm.record('db', write({ _id: 1 }));
      });
      const order: string[] = [];
      const other = txm.schedule('db', 'B', () => order.push(`B saw ${c.docs.size}`));
      const owner = txm.schedule('db', 'A', () => order.push('A runs'));
      await owner;
      expect(order).toEqual(['A runs']);
      txm.commit('A', 1);
      await other;
      expect(order).toEqual(['A runs', 'B saw 1']);
      expect(persisted).toHaveLength(1);
      expect(() => txm.commit('A', 1)).not.toThrow(); // retried commit
    });

    it('shows other sessions the pre-transaction documents, even through indexes', async () => {
      const { engine, txm } = setup();
      const c = engine.ensureCollection('db', 'v');
      c.createIndex({ v: 2, key: { k: 1 }, name: 'k_1' });
      c.insert({ _id: 1, k: 'a' });
      c.insert({ _id: 2, k: 'b' });
      await txm.schedule('db', 'A', () => {
        txm.begin('db', 'A', 1);
        const changes: StorageChange[] = [];
        engine.setSink((change) => changes.push(change));
        c.replace('n1', { _id: 1, k: 'z' });
        c.delete('n2');
        c.insert({ _id: 3, k: 'a' });
        engine.setSink(() => undefined);
        txm.record('db', changes);
      });
      const view = txm.committedView('db', 'B')!('db.v');
      expect(txm.committedView('db', 'A')).toBeUndefined();
      expect(selectCandidates(c, {}, false, view).map((d) => d._id).sort()).toEqual([1, 2]);
      const byOldKey = selectCandidates(c, { k: 'a' }, true, view);
      expect(byOldKey.filter((d) => d.k === 'a').map((d) => d._id)).toEqual([1]);
    });

    it('lets a write outside transactions to a collection the transaction has not touched run at once', async () => {
      const { txm } = setup();
      await txm.schedule('db', 'A', () => {
        txm.begin('db', 'A', 1);
        txm.touchCollection('A', 'cases');
      });
      const order: string[] = [];
      const sameCollection = txm.schedule('db', 'B', () => order.push('B wrote cases'), { collection: 'cases' });
      await txm.schedule('db', 'C', () => order.push('C wrote audit'), { collection: 'audit' });
      expect(order).toEqual(['C wrote audit']); // ran beside the transaction, ahead of B
      txm.touchCollection('A', 'audit');
      const afterRead = txm.schedule('db', 'D', () => order.push('D wrote audit'), { collection: 'audit' });
      txm.touchCollection('A', undefined); // a command whose reach is not one collection
      const anyOther = txm.schedule('db', 'E', () => order.push('E wrote other'), { collection: 'other' });
      await Promise.resolve();
      expect(order).toEqual(['C wrote audit']);
      txm.commit('A', 1);
      await Promise.all([sameCollection, afterRead, anyOther]);
      expect(order).toEqual(['C wrote audit', 'B wrote cases', 'D wrote audit', 'E wrote other']);
    });

    it('lets other databases go on while one is held, and refuses a transaction that leaves its database', async () => {
      const { txm } = setup();
      await txm.schedule('db', 'A', () => txm.begin('db', 'A', 1));
      const order: string[] = [];
      const sameDb = txm.schedule('db', 'B', () => order.push('B in db'));
      await txm.schedule('other', 'C', () => order.push('C in other'));
      expect(order).toEqual(['C in other']);
      expect(() => txm.require('other', 'A', 1)).toThrow(/spanning several databases/);
      await sameDb; // the refused transaction was rolled back, which released db
      expect(order).toEqual(['C in other', 'B in db']);
    });

    it('runs a system task once no database is held, without holding up other databases meanwhile', async () => {
      const { txm } = setup();
      await txm.schedule('db', 'A', () => txm.begin('db', 'A', 1));
      const order: string[] = [];
      const system = txm.schedule(undefined, undefined, () => order.push('system'));
      await txm.schedule('other', 'C', () => order.push('C'));
      expect(order).toEqual(['C']);
      txm.commit('A', 1);
      await system;
      expect(order).toEqual(['C', 'system']);
    });

    it('drops the queued commands of a connection that closed, so none opens a transaction later', async () => {
      const { txm } = setup();
      await txm.schedule('db', 'A', () => txm.begin('db', 'A', 1));
      const orphan = txm.schedule('db', 'B', () => txm.begin('db', 'B', 1), { connectionId: 9 });
      txm.connectionClosed(9);
      await expect(orphan).rejects.toThrow(/connection closed/);
      txm.commit('A', 1);
      await txm.schedule('db', 'C', () => undefined);
      expect(txm.isOwner('B', 1)).toBe(false);
    });

    it('fails a transaction start that waits too long with a transient WriteConflict, so the client retries', async () => {
      const { txm } = setup();
      await txm.schedule('db', 'A', () => txm.begin('db', 'A', 1));
      const starting = txm.schedule('db', 'B', () => txm.begin('db', 'B', 1), { startsTransaction: true });
      await expect(starting).rejects.toMatchObject({ codeName: 'WriteConflict', errorLabels: ['TransientTransactionError'] });
      const plainWrite = txm.schedule('db', 'C', () => 'written');
      txm.commit('A', 1);
      await expect(plainWrite).resolves.toBe('written');
    });

    it('rolls back the transaction of a client whose connection closed, and releases its database', async () => {
      const { txm, c, write } = setup();
      await txm.schedule('db', 'A', () => {
        txm.begin('db', 'A', 1);
        txm.touch('A', 7);
        txm.record('db', write({ _id: 1 }));
      });
      const waiting = txm.schedule('db', 'B', () => c.docs.size);
      txm.connectionClosed(8);
      expect(txm.isOwner('A', 1)).toBe(true);
      txm.connectionClosed(7);
      await expect(waiting).resolves.toBe(0);
      expect(txm.isOwner('A', 1)).toBe(false);
    });

    it('rolls back on expiry and releases the waiters', async () => {
      const { txm, c, write, persisted } = setup(50);
      await txm.schedule('db', 'A', () => {
        txm.begin('db', 'A', 1);
        txm.record('db', write({ _id: 1 }));
      });
      const size = await txm.schedule('db', 'B', () => c.docs.size);
      expect(size).toBe(0);
      expect(persisted).toHaveLength(0);
      expect(() => txm.require('db', 'A', 1)).toThrow(/has been aborted/);
      expect(() => txm.commit('A', 1)).toThrow(expect.objectContaining({ errorLabels: ['TransientTransactionError'] }));
    });
  });
});
