import { MongoCommandError } from '../errors/mongo-error';

/**
 * A write met a document that an open transaction wrote and has not committed (`holder`), or,
 * inside a transaction, a document committed after the transaction's snapshot (no holder).
 */
export class WriteBlocked extends Error {
  constructor(readonly holder: string | undefined) {
    super(holder ? `document held by transaction of session ${holder}` : 'document changed after the transaction began');
  }
}

export function writeConflict(): MongoCommandError {
  return new MongoCommandError(
    'WriteConflict',
    'WriteConflict error: this operation conflicted with another operation. Please retry your operation or multi-document transaction.',
    {},
    ['TransientTransactionError'],
  );
}

export function noSuchTransaction(txnNumber: number): MongoCommandError {
  return new MongoCommandError(
    'NoSuchTransaction',
    `Transaction with { txnNumber: ${txnNumber} } has been aborted.`,
    {},
    ['TransientTransactionError'],
  );
}
