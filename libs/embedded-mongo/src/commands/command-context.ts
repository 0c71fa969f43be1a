import type { Document } from 'bson';
import type { CursorRegistry } from '../cursors/cursor-registry';
import type { ReadView } from '../query/query-planner';
import type { StorageEngine } from '../storage/storage-engine';
import type { TransactionManager } from '../transactions/transaction-manager';

/** What the hello reply describes: a one-member replica set, so the driver allows transactions. */
export interface ServerIdentity {
  /** `host:port` as clients address it; must equal the seed in the URI for SDAM. */
  address: string;
  setName: string;
  processId: Document; // ObjectId, stable for the process lifetime
  electionId: Document;
  startedAt: Date;
}

export interface ServerServices {
  engine: StorageEngine;
  cursors: CursorRegistry;
  transactions: TransactionManager;
  identity: ServerIdentity;
}

export interface CommandContext extends ServerServices {
  db: string;
  connectionId: number;
  /** Hex of `lsid.id`, when the driver sent a session. */
  session?: string;
  /** Set when the command belongs to a multi-document transaction. */
  txnNumber?: number;
  /** Set for reads outside another session's open transaction: they see committed state. */
  readView?: ReadView;
}

export interface CommandDefinition {
  run(command: Document, ctx: CommandContext): Document;
  /** Touches data: waits while another session holds a transaction, and is recorded. */
  data: boolean;
  /** Only reads documents: outside a transaction it need not wait for another session's one. */
  readOnly?: boolean;
  /** mongod refuses these inside a transaction (OperationNotSupportedInTransaction). */
  refusedInTransaction?: boolean;
}

export type CommandTable = Record<string, CommandDefinition>;
