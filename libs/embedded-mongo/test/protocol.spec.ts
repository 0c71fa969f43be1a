import { BSON, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { connect, type Socket } from 'node:net';
import { closeTarget, databaseName, hostAndPort, openTarget, type OpenTarget, type TestTarget } from './support/test-target';

/** Raw wire-level behaviour: legacy handshake, moreToCome, and malformed input. */
describe('embedded mongo wire protocol', () => {
  let opened: OpenTarget;
  let client: MongoClient;
  let target: TestTarget;

  beforeAll(async () => {
    opened = await openTarget('protocol');
    ({ client, target } = opened);
  });

  afterAll(() => closeTarget(opened ?? {}));

  const open = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const { host, port } = hostAndPort(target.uri);
      const socket = connect({ host, port }, () => resolve(socket));
      socket.once('error', reject);
    });

  const closed = (socket: Socket): Promise<boolean> =>
    new Promise((resolve) => {
      if (socket.destroyed) return resolve(true);
      const timer = setTimeout(() => resolve(false), 5000);
      socket.once('close', () => resolve(clearTimeout(timer) === undefined));
    });

  const readFrame = (socket: Socket): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      let data = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        if (data.length >= 4 && data.length >= data.readInt32LE(0)) {
          socket.off('data', onData);
          resolve(data.subarray(0, data.readInt32LE(0)));
        }
      };
      socket.on('data', onData);
      socket.once('close', () => reject(new Error('closed before a reply')));
    });

  function header(length: number, requestId: number, opCode: number): Buffer {
    const buffer = Buffer.alloc(16);
    buffer.writeInt32LE(length, 0);
    buffer.writeInt32LE(requestId, 4);
    buffer.writeInt32LE(0, 8);
    buffer.writeInt32LE(opCode, 12);
    return buffer;
  }

  function opMsg(body: Document, requestId: number, flags = 0): Buffer {
    const bson = Buffer.from(BSON.serialize(body));
    const prefix = Buffer.alloc(5);
    prefix.writeUInt32LE(flags, 0);
    return Buffer.concat([header(16 + 5 + bson.length, requestId, 2013), prefix, bson]);
  }

  it('answers a legacy OP_QUERY ismaster with OP_REPLY', async () => {
    const socket = await open();
    const query = Buffer.from(BSON.serialize({ ismaster: 1, helloOk: true }));
    const name = Buffer.from('admin.$cmd\0');
    const fields = Buffer.alloc(8);
    fields.writeInt32LE(-1, 4);
    const flags = Buffer.alloc(4);
    const length = 16 + 4 + name.length + 8 + query.length;
    socket.write(Buffer.concat([header(length, 7, 2004), flags, name, fields, query]));
    const reply = await readFrame(socket);
    expect(reply.readInt32LE(8)).toBe(7);
    expect(reply.readInt32LE(12)).toBe(1);
    expect(reply.readInt32LE(32)).toBe(1);
    const doc = BSON.deserialize(reply.subarray(36));
    expect(doc).toMatchObject({ ok: 1, maxWireVersion: expect.any(Number), helloOk: true });
    expect(doc.ismaster ?? doc.isWritablePrimary).toBe(true);
    socket.destroy();
  });

  it('sends no reply for moreToCome (w:0) writes but applies them', async () => {
    const socket = await open();
    const db = databaseName('wire');
    socket.write(opMsg({ insert: 'w0', documents: [{ a: 1 }], writeConcern: { w: 0 }, $db: db }, 1, 2));
    socket.write(opMsg({ ping: 1, $db: db }, 2));
    const reply = await readFrame(socket);
    expect(reply.readInt32LE(8)).toBe(2);
    expect(await client.db(db).collection('w0').countDocuments()).toBe(1);
    await client.db(db).dropDatabase();
    socket.destroy();
  });

  it('accepts kind-1 document sequences', async () => {
    const socket = await open();
    const db = databaseName('wire');
    const docs = Buffer.concat([{ a: 1 }, { a: 2 }].map((doc) => Buffer.from(BSON.serialize(doc))));
    const identifier = Buffer.from('documents\0');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + identifier.length + docs.length, 0);
    const body = Buffer.from(BSON.serialize({ insert: 'seq', $db: db }));
    const sections = Buffer.concat([Buffer.from([0]), body, Buffer.from([1]), size, identifier, docs]);
    socket.write(Buffer.concat([header(16 + 4 + sections.length, 3, 2013), Buffer.alloc(4), sections]));
    const reply = await readFrame(socket);
    expect(BSON.deserialize(reply.subarray(21))).toMatchObject({ n: 2, ok: 1 });
    await client.db(db).dropDatabase();
    socket.destroy();
  });

  it.each([
    ['a length below the header size', header(10, 1, 2013)],
    ['a length above 48 MB', header(49_000_000, 1, 2013)],
    ['an unknown opCode', Buffer.concat([header(21, 1, 9999), Buffer.alloc(5)])],
    ['a corrupt BSON body', Buffer.concat([header(30, 1, 2013), Buffer.alloc(4), Buffer.from([0]), Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5])])],
  ])('closes only the connection that sent %s', async (_label, bytes) => {
    const socket = await open();
    socket.on('error', () => undefined);
    socket.write(bytes);
    expect(await closed(socket)).toBe(true);
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });
});
