import { BSON, type Document } from 'bson';

export const OpCode = { REPLY: 1, QUERY: 2004, COMPRESSED: 2012, MSG: 2013 } as const;

/** mongod's own limits; the driver reads them from hello and splits batches accordingly. */
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
const HEADER_SIZE = 16;

export const MsgFlag = { checksumPresent: 1, moreToCome: 2, exhaustAllowed: 1 << 16 } as const;

/** Decoding keeps small Int64 as numbers so mingo compares them; cursor ids stay below 2^53. */
const DESERIALIZE_OPTIONS = { promoteLongs: true, promoteValues: true } as const;

export class ProtocolError extends Error {}

export interface IncomingCommand {
  requestId: number;
  opCode: typeof OpCode.MSG | typeof OpCode.QUERY;
  flags: number;
  /** Command body with kind-1 document sequences merged in under their identifiers. */
  command: Document;
  db: string;
}

export function readMessageLength(buffer: Buffer): number {
  return buffer.readInt32LE(0);
}

export function isValidLength(length: number): boolean {
  return length >= HEADER_SIZE && length <= MAX_MESSAGE_SIZE;
}

/** Throws ProtocolError on anything malformed; the connection then closes (as mongod does). */
export function parseMessage(frame: Buffer): IncomingCommand {
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  try {
    if (opCode === OpCode.MSG) return parseOpMsg(frame, requestId);
    if (opCode === OpCode.QUERY) return parseOpQuery(frame, requestId);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(`malformed message: ${(error as Error).message}`);
  }
  throw new ProtocolError(`unsupported opCode ${opCode}`);
}

function readDocument(frame: Buffer, offset: number, end: number): { doc: Document; next: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = frame.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError('invalid BSON document length');
  const doc = BSON.deserialize(frame.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  return { doc, next: offset + size };
}

function parseOpMsg(frame: Buffer, requestId: number): IncomingCommand {
  const flags = frame.readUInt32LE(HEADER_SIZE);
  // Bits 0-15 are "required": a flag we do not know means we cannot interpret the message.
  if ((flags & 0xffff & ~(MsgFlag.checksumPresent | MsgFlag.moreToCome)) !== 0) {
    throw new ProtocolError(`unknown required OP_MSG flags ${flags}`);
  }
  const end = frame.length - (flags & MsgFlag.checksumPresent ? 4 : 0);
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = frame.readUInt8(offset++);
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG with two body sections');
      const read = readDocument(frame, offset, end);
      body = read.doc;
      offset = read.next;
    } else if (kind === 1) {
      const size = frame.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new ProtocolError('invalid document sequence length');
      const nul = frame.indexOf(0, offset + 4);
      if (nul < 0 || nul >= sectionEnd) throw new ProtocolError('unterminated sequence identifier');
      const identifier = frame.toString('utf8', offset + 4, nul);
      const docs: Document[] = [];
      let cursor = nul + 1;
      while (cursor < sectionEnd) {
        const read = readDocument(frame, cursor, sectionEnd);
        docs.push(read.doc);
        cursor = read.next;
      }
      sequences.push([identifier, docs]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  for (const [identifier, docs] of sequences) body[identifier] = docs;
  const db = typeof body.$db === 'string' ? body.$db : '';
  if (!db) throw new ProtocolError('OP_MSG body without $db');
  return { requestId, opCode: OpCode.MSG, flags, command: body, db };
}

/** Legacy OP_QUERY survives only for the first handshake (`admin.$cmd` ismaster). */
function parseOpQuery(frame: Buffer, requestId: number): IncomingCommand {
  const flags = frame.readInt32LE(HEADER_SIZE);
  const nameStart = HEADER_SIZE + 4;
  const nul = frame.indexOf(0, nameStart);
  if (nul < 0) throw new ProtocolError('unterminated collection name');
  const fullName = frame.toString('utf8', nameStart, nul);
  if (!fullName.endsWith('.$cmd')) throw new ProtocolError('OP_QUERY is only supported for commands');
  const { doc } = readDocument(frame, nul + 1 + 8, frame.length);
  const command = doc.$query && typeof doc.$query === 'object' ? (doc.$query as Document) : doc;
  return { requestId, opCode: OpCode.QUERY, flags, command, db: fullName.slice(0, -'.$cmd'.length) };
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(HEADER_SIZE);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/** mingo leaves `undefined` for absent computed fields; on the wire they must be absent too. */
const SERIALIZE_OPTIONS = { ignoreUndefined: true } as const;

export function encodeOpMsg(reply: Document, responseTo: number, flags = 0): Buffer {
  const body = BSON.serialize(reply, SERIALIZE_OPTIONS);
  const length = HEADER_SIZE + 4 + 1 + body.length;
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32LE(flags, 0);
  prefix.writeUInt8(0, 4);
  return Buffer.concat([header(length, responseTo, OpCode.MSG), prefix, body]);
}

export function encodeOpReply(reply: Document, responseTo: number): Buffer {
  const body = BSON.serialize(reply, SERIALIZE_OPTIONS);
  const fields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fields.writeInt32LE(1, 16);
  return Buffer.concat([header(HEADER_SIZE + 20 + body.length, responseTo, OpCode.REPLY), fields, body]);
}
