import type { Socket } from 'node:net';
import { MongoCommandError } from '../errors/mongo-error';
import { encodeOpMsg, encodeOpReply, OpCode, parseMessage } from '../wire/wire-protocol';

/** A connection can send nothing larger than this before its refusal is answered. */
const MAX_REFUSED_FRAME = 64 * 1024;

/**
 * mongod closes a connection past net.maxIncomingConnections without a word; the client then
 * sees an anonymous network error. Here the first request on it is answered with an error that
 * names the limit, then the socket closes.
 */
export function refuseConnection(socket: Socket, maxConnections: number): void {
  const error = new MongoCommandError('OperationFailed', `connection refused because too many open connections: ${maxConnections} (the embedded server's maxConnections)`);
  let received = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), 5000);
  timer.unref();
  socket.on('error', () => socket.destroy());
  socket.on('close', () => clearTimeout(timer));
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    if (received.length < 4) return;
    const length = received.readInt32LE(0);
    if (length > MAX_REFUSED_FRAME || length < 16) return void socket.destroy();
    if (received.length < length) return;
    try {
      const message = parseMessage(received.subarray(0, length));
      const reply = message.opCode === OpCode.QUERY ? encodeOpReply(error.toReply(), message.requestId) : encodeOpMsg(error.toReply(), message.requestId);
      socket.end(reply);
    } catch {
      socket.destroy();
    }
  });
}
