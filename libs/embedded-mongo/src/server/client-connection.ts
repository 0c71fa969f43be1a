import type { Document } from 'bson';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { CommandDispatcher } from '../commands/command-dispatcher';
import { isHelloCommand } from '../commands/hello.command';
import {
  encodeOpMsg,
  encodeOpReply,
  isValidLength,
  MsgFlag,
  OpCode,
  parseMessage,
  ProtocolError,
  type IncomingCommand,
} from '../wire/wire-protocol';

/** The fastest an exhaust hello stream sends (mongod's own floor is the client's heartbeat). */
export const MIN_EXHAUST_PERIOD_MS = 100;

/** A command that took longer than the slow-command threshold, waits for held documents included. */
export interface SlowCommand {
  command: string;
  db: string;
  collection: unknown;
  ms: number;
  inTransaction: boolean;
}

export interface SlowCommandLog {
  thresholdMs: number;
  report: (command: SlowCommand) => void;
}

/**
 * One client socket: frames messages, runs them strictly in order, and answers each. Anything
 * malformed closes this connection only, as mongod does.
 */
export class ClientConnection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private pending: Promise<void> = Promise.resolve();
  private exhaustTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    readonly id: number,
    private readonly dispatcher: CommandDispatcher,
    onClose: (connection: ClientConnection) => void,
    private readonly slowLog?: SlowCommandLog,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => {
      this.closed = true;
      clearTimeout(this.exhaustTimer);
      onClose(this);
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.exhaustTimer);
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (!this.closed && this.buffered >= 4) {
      const head = this.chunks[0].length >= 4 ? this.chunks[0] : this.flatten();
      const length = head.readInt32LE(0);
      if (!isValidLength(length)) return this.close();
      if (this.buffered < length) return;
      const all = this.flatten();
      const frame = all.subarray(0, length);
      const rest = all.subarray(length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      // A bug while handling one message must cost this connection only, never the process.
      this.pending = this.pending.then(() => this.handle(frame)).catch(() => this.close());
    }
  }

  private flatten(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0];
  }

  private async handle(frame: Buffer): Promise<void> {
    if (this.closed) return;
    let message: IncomingCommand;
    try {
      message = parseMessage(frame);
    } catch (error) {
      if (error instanceof ProtocolError) return this.close();
      throw error;
    }
    clearTimeout(this.exhaustTimer);
    if (this.isAwaitableHello(message)) return this.awaitHello(message);
    const started = performance.now();
    const reply = await this.dispatcher.dispatch(message.db, message.command, this.id);
    if (this.slowLog) this.reportIfSlow(message, performance.now() - started);
    try {
      this.respond(message, reply);
    } catch (error) {
      // e.g. a reply over the BSON size limit: the client still gets an answer.
      this.respond(message, { ok: 0, errmsg: (error as Error).message, code: 10334, codeName: 'BSONObjectTooLarge' });
    }
  }

  private reportIfSlow(message: IncomingCommand, ms: number): void {
    if (ms < this.slowLog!.thresholdMs) return;
    const command = Object.keys(message.command)[0] ?? '';
    const inTransaction = message.command.txnNumber !== undefined && message.command.autocommit === false;
    this.slowLog!.report({ command, db: message.db, collection: message.command[command], ms: Math.round(ms * 10) / 10, inTransaction });
  }

  private respond(message: IncomingCommand, reply: Document): void {
    if (message.opCode === OpCode.QUERY) this.write(encodeOpReply(reply, message.requestId));
    else if ((message.flags & MsgFlag.moreToCome) === 0) this.write(encodeOpMsg(reply, message.requestId));
  }

  private isAwaitableHello(message: IncomingCommand): boolean {
    const name = Object.keys(message.command)[0] ?? '';
    return message.opCode === OpCode.MSG && isHelloCommand(name) && typeof message.command.maxAwaitTimeMS === 'number';
  }

  /**
   * Streaming monitoring: our topology never changes, so an awaitable hello is answered after
   * maxAwaitTimeMS. With exhaustAllowed the reply carries moreToCome and we keep sending one per
   * period without further requests, as mongod does; but never faster than every
   * MIN_EXHAUST_PERIOD_MS, and never while the client has not read the previous reply (the
   * socket has not drained), so a client that asks for 0 ms or stops reading cannot make the
   * server pile replies into memory.
   */
  private awaitHello(message: IncomingCommand, responseTo = message.requestId): void {
    const exhaust = (message.flags & MsgFlag.exhaustAllowed) !== 0;
    const requested = Math.min(Number(message.command.maxAwaitTimeMS), 60_000);
    const delay = Math.max(exhaust ? MIN_EXHAUST_PERIOD_MS : 0, requested);
    this.exhaustTimer = setTimeout(() => {
      void this.dispatcher.dispatch(message.db, message.command, this.id).then((reply: Document) => {
        if (this.closed) return;
        const buffer = encodeOpMsg(reply, responseTo, exhaust ? MsgFlag.moreToCome : 0);
        const drained = this.write(buffer);
        if (!exhaust) return;
        const next = () => this.awaitHello(message, buffer.readInt32LE(4));
        if (drained) next();
        else this.socket.once('drain', next);
      });
    }, delay);
    this.exhaustTimer.unref();
  }

  /** False when the socket's buffer is full: the reply is queued, the client is behind. */
  private write(buffer: Buffer): boolean {
    if (this.closed || this.socket.destroyed) return false;
    return this.socket.write(buffer);
  }
}
