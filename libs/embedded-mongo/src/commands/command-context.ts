import type { Document } from 'bson';
import type { CursorRegistry } from '../cursors/cursor-registry';
import type { ServerStats } from '../server/server-stats';
import type { Visibility } from '../query/query-planner';
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
  stats: ServerStats;
}

export interface CommandContext extends ServerServices {
  db: string;
  connectionId: number;
  /** Hex of `lsid.id`, when the driver sent a session. */
  session?: string;
  /** Set when the command belongs to a multi-document transaction. */
  txnNumber?: number;
  /** What this command sees of documents held by open transactions (their pre-images). */
  visibility: Visibility;
  /** Throws WriteBlocked when the command may not change `doc` now (another transaction holds it). */
  guard(ns: string, doc: Document): void;
}

export interface CommandDefinition {
  run(command: Document, ctx: CommandContext): Document;
  /** Touches documents or the catalog: checked against open transactions, and its changes kept. */
  data: boolean;
  /** Only reads documents. */
  readOnly?: boolean;
  /** Changes the catalog (collections, indexes): outside transactions it waits until none is open. */
  ddl?: boolean;
  /** mongod refuses these inside a transaction (OperationNotSupportedInTransaction). */
  refusedInTransaction?: boolean;
}

export type CommandTable = Record<string, CommandDefinition>;
