import type { Provider } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection, Schema } from 'mongoose';

/** The default mongoose connection that PersistenceModule opens. */
export const DATABASE_CONNECTION = getConnectionToken();

/**
 * A model as an injectable provider (`@Inject(NAME) model: Model<T>`), registered once per
 * connection, so several apps in one test process never register a model twice.
 */
export function modelProvider(name: string, schema: Schema): Provider {
  return {
    provide: name,
    useFactory: (connection: Connection) => connection.models[name] ?? connection.model(name, schema),
    inject: [DATABASE_CONNECTION],
  };
}

/** E11000: a unique index refused the write (a duplicate delivery, or a race another caller won). */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
