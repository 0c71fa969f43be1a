import type { Document } from 'bson';

/** Error codes the driver and mongoose react to; names follow MongoDB's error_codes.yml. */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  PathNotViable: 28,
  InvalidLength: 16,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  WriteConflict: 112,
  NamespaceExists: 48,
  EmptyFieldName: 56,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  OperationFailed: 96,
  NotImplemented: 115,
  ExceededMemoryLimit: 146,
  CannotIndexParallelArrays: 171,
  NoSuchTransaction: 251,
  OperationNotSupportedInTransaction: 263,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  /** "Resulting document after update is larger than 16777216" (MongoDB 7's update stage). */
  Location17419: 17419,
  /** "Unrecognized pipeline stage name". */
  Location40323: 40323,
  Location40324: 40324,
  Location40414: 40414,
  Location40415: 40415,
  /** Find projection errors: inclusion in an exclusion projection, and the reverse. */
  Location31249: 31249,
  Location31253: 31253,
  Location31254: 31254,
  /** Positional projection without a matching array element in the query. */
  Location51246: 51246,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

/**
 * A command failure with MongoDB's wire shape (`ok: 0, errmsg, code, codeName`). `extra` carries
 * fields the driver copies onto its error object, e.g. keyPattern/keyValue for E11000.
 */
export class MongoCommandError extends Error {
  readonly code: number;

  constructor(
    readonly codeName: ErrorCodeName,
    message: string,
    readonly extra: Document = {},
    readonly errorLabels: string[] = [],
  ) {
    super(message);
    this.code = ErrorCode[codeName];
    this.name = 'MongoCommandError';
  }

  toReply(): Document {
    const reply: Document = { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
    if (this.errorLabels.length > 0) reply.errorLabels = this.errorLabels;
    return reply;
  }

  /** The entry of a `writeErrors[]` array: same fields without ok/codeName. */
  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

export function notSupported(what: string): MongoCommandError {
  return new MongoCommandError('NotImplemented', `not supported by the embedded server: ${what}`);
}

export function badValue(message: string): MongoCommandError {
  return new MongoCommandError('BadValue', message);
}

/** Whatever a handler throws becomes a command error; unknown errors keep their message. */
export function toCommandError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // mingo signals operators it does not implement with these phrasings.
  if (/unknown|unregistered|not supported|only accepts/i.test(message)) return notSupported(message);
  return badValue(message);
}
