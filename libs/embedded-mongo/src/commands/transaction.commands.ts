import type { Document } from 'bson';
import { MongoCommandError } from '../errors/mongo-error';
import type { CommandContext, CommandTable } from './command-context';
import { sessionKey } from './session-key';

function requireTransaction(ctx: CommandContext, command: string): { session: string; txnNumber: number } {
  if (ctx.session === undefined || ctx.txnNumber === undefined) {
    throw new MongoCommandError('InvalidOptions', `${command} must be run within a transaction`);
  }
  return { session: ctx.session, txnNumber: ctx.txnNumber };
}

function endSessions(command: Document, ctx: CommandContext): Document {
  const sessions = Array.isArray(command.endSessions) ? command.endSessions : [];
  for (const lsid of sessions) {
    const key = sessionKey(lsid);
    if (key) {
      ctx.transactions.endSession(key);
      ctx.cursors.killSession(key);
    }
  }
  return { ok: 1 };
}

/** Not data commands: they never wait for held documents; only the owning session can commit or abort. */
export const TRANSACTION_COMMANDS: CommandTable = {
  commitTransaction: {
    data: false,
    run: (_command, ctx) => {
      const { session, txnNumber } = requireTransaction(ctx, 'commitTransaction');
      ctx.transactions.commit(session, txnNumber);
      return { ok: 1 };
    },
  },
  abortTransaction: {
    data: false,
    run: (_command, ctx) => {
      const { session, txnNumber } = requireTransaction(ctx, 'abortTransaction');
      ctx.transactions.abort(session, txnNumber);
      return { ok: 1 };
    },
  },
  endSessions: { data: false, run: endSessions },
};
