import { Long, type Document } from 'bson';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE } from '../wire/wire-protocol';
import type { ServerIdentity } from './command-context';

/** MongoDB 7.0: the driver (mongodb 7.x needs >= 9) enables every feature we implement. */
export const MAX_WIRE_VERSION = 21;

/**
 * A writable primary of a one-member replica set. `setName`, `hosts` and `logicalSessionTimeout
 * Minutes` make the driver send sessions and allow transactions; `topologyVersion` lets it use
 * the streaming (awaitable hello) protocol instead of polling.
 */
export function helloReply(identity: ServerIdentity, connectionId: number, command: Document): Document {
  const now = new Date();
  const reply: Document = {
    isWritablePrimary: true,
    topologyVersion: { processId: identity.processId, counter: Long.fromNumber(0) },
    hosts: [identity.address],
    setName: identity.setName,
    setVersion: 1,
    primary: identity.address,
    me: identity.address,
    electionId: identity.electionId,
    lastWrite: { lastWriteDate: now, majorityWriteDate: now },
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100_000,
    localTime: now,
    logicalSessionTimeoutMinutes: 30,
    connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
  // Legacy `ismaster` callers read `ismaster`; hello callers get `helloOk` acknowledged.
  if (command.helloOk === true || 'hello' in command) reply.helloOk = true;
  if (!('hello' in command)) reply.ismaster = true;
  return reply;
}

export function isHelloCommand(name: string): boolean {
  return name === 'hello' || name === 'ismaster' || name === 'isMaster';
}
