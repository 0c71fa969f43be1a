import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { ClientSession, Connection } from 'mongoose';

/**
 * Runs a unit of work in one MongoDB transaction, so a state change and the events it
 * causes (the outbox rows) are stored together or not at all. Mongoose retries the work
 * on transient transaction errors, so `work` must not have side effects outside the session.
 */
@Injectable()
export class TransactionRunner {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  run<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    return this.connection.transaction(work);
  }
}
