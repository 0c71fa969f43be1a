import { BSON, type Document } from 'bson';
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { MongoClient } from 'mongodb';
import { EmbeddedMongo } from '../src';
import type { CommandDispatcher } from '../src/commands/command-dispatcher';
import { CursorRegistry } from '../src/cursors/cursor-registry';
import { ClientConnection, MIN_EXHAUST_PERIOD_MS } from '../src/server/client-connection';
import { closeTarget, databaseName, embeddedIt, hostAndPort, openTarget, type OpenTarget, type TestTarget, waitFor } from './support/test-target';

function opMsg(body: Document, requestId: number, flags = 0): Buffer {
  const bson = Buffer.from(BSON.serialize(body));
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + bson.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(2013, 12);
  header.writeUInt32LE(flags, 16);
  return Buffer.concat([header, bson]);
}

function roundTrip(socket: Socket, body: Document): Promise<Document> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length < 4 || data.length < data.readInt32LE(0)) return;
      socket.off('data', onData);
      resolve(BSON.deserialize(data.subarray(21, data.readInt32LE(0))));
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(opMsg(body, 1));
  });
}

function openSocket(uri: string): Promise<Socket> {
  const { host, port } = hostAndPort(uri);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('embedded mongo server limits and status', () => {
  let opened: OpenTarget;
  let client: MongoClient;
  let target: TestTarget;

  beforeAll(async () => {
    opened = await openTarget('limits');
    ({ client, target } = opened);
  });

  afterAll(() => closeTarget(opened ?? {}));

  it('answers serverStatus with version, uptime, connections, opcounters and memory', async () => {
    const db = client.db(databaseName('status'));
    const before = await client.db('admin').command({ serverStatus: 1 });
    await db.collection('c').insertMany([{ a: 1 }, { a: 2 }, { a: 3 }]);
    await db.collection('c').find({}).toArray();
    const after = await client.db('admin').command({ serverStatus: 1 });
    expect(after).toMatchObject({ ok: 1, version: expect.stringMatching(/^\d+\.\d+/), uptime: expect.any(Number) });
    expect(after.connections.current).toBeGreaterThanOrEqual(1);
    expect(after.connections.available).toBeGreaterThan(0);
    expect(after.opcounters.insert - before.opcounters.insert).toBe(3);
    expect(after.opcounters.query - before.opcounters.query).toBe(1);
    expect(after.mem.resident).toBeGreaterThan(0);
    await db.dropDatabase();
  });

  embeddedIt('ends the cursors of a session that ends', async () => {
    const db = client.db(databaseName('cursors'));
    await db.collection('c').insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
    const session = client.startSession();
    const opened = await db.command({ find: 'c', batchSize: 2 }, { session });
    await client.db('admin').command({ endSessions: [session.id] });
    await expect(db.command({ getMore: opened.cursor.id, collection: 'c' })).rejects.toMatchObject({ code: 43 });
    await session.endSession();
    await db.dropDatabase();
  });
});

describe('embedded mongo connection limit', () => {
  it('refuses a connection past maxConnections with an error naming the limit, and accepts again once one closes', async () => {
    const server = await EmbeddedMongo.start({ port: 0, maxConnections: 2 });
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        sockets.push(await openSocket(server.uri));
        expect(await roundTrip(sockets[i], { ping: 1, $db: 'admin' })).toMatchObject({ ok: 1 });
      }
      const refused = await openSocket(server.uri);
      sockets.push(refused);
      expect(await roundTrip(refused, { ping: 1, $db: 'admin' })).toMatchObject({ ok: 0, errmsg: expect.stringMatching(/too many open connections: 2/) });
      const closed = new Promise((resolve) => sockets[0].once('close', resolve));
      sockets[0].destroy();
      await closed;
      // The server notices the close asynchronously: probe through the connection that stays open.
      await waitFor(async () => (await roundTrip(sockets[1], { serverStatus: 1, $db: 'admin' })).connections.current === 1, 5000, 20);
      const again = await openSocket(server.uri);
      sockets.push(again);
      expect(await roundTrip(again, { serverStatus: 1, $db: 'admin' })).toMatchObject({ ok: 1, connections: { current: 2, rejected: 1 } });
    } finally {
      for (const socket of sockets) socket.destroy();
      await server.stop();
    }
  });
});

describe('embedded mongo exhaust hello and cursor memory (units)', () => {
  class FakeSocket extends EventEmitter {
    readonly written: Buffer[] = [];
    destroyed = false;
    drained = false;
    setNoDelay(): void {}
    destroy(): void {
      this.destroyed = true;
    }
    write(buffer: Buffer): boolean {
      this.written.push(buffer);
      return this.drained;
    }
  }

  it('sends no further exhaust hello while the client has not read the previous one, nor faster than the floor', async () => {
    jest.useFakeTimers();
    try {
      const socket = new FakeSocket();
      const dispatcher = { dispatch: async () => ({ ok: 1, isWritablePrimary: true }), connectionClosed: () => undefined } as unknown as CommandDispatcher;
      new ClientConnection(socket as unknown as Socket, 1, dispatcher, () => undefined);
      socket.emit('data', opMsg({ hello: 1, maxAwaitTimeMS: 0, topologyVersion: {}, $db: 'admin' }, 1, 1 << 16));
      await jest.advanceTimersByTimeAsync(MIN_EXHAUST_PERIOD_MS * 50);
      expect(socket.written).toHaveLength(1);
      socket.drained = true;
      socket.emit('drain');
      await jest.advanceTimersByTimeAsync(MIN_EXHAUST_PERIOD_MS * 3);
      expect(socket.written).toHaveLength(4);
    } finally {
      jest.useRealTimers();
    }
  });

  it('lets go of documents a cursor has handed out, and of all of them once killed', () => {
    const registry = new CursorRegistry();
    const reply = registry.open('db.c', Array.from({ length: 1000 }, (_, i) => ({ i })), 100);
    expect(registry.heldDocuments()).toBe(900);
    registry.getMore(Number(reply.id), 'db.c', 500);
    expect(registry.heldDocuments()).toBe(400);
    registry.kill([Number(reply.id)]);
    expect(registry.heldDocuments()).toBe(0);
  });
});
