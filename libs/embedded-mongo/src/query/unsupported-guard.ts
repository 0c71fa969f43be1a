import type { Document } from 'bson';
import { notSupported } from '../errors/mongo-error';

/** JavaScript execution is off in the embedded server: mingo would not run BSON Code anyway. */
const FORBIDDEN_KEYS = new Set(['$where', '$function', '$accumulator']);

/**
 * mingo compares Decimal128 and 64-bit integers beyond 2^53 incorrectly (small Int64 values are
 * decoded as plain numbers), so any such value in a command is refused instead of answered wrongly.
 */
export function assertSupportedValues(value: unknown, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 150) return;
  if (Array.isArray(value)) {
    for (const item of value) assertSupportedValues(item, depth + 1);
    return;
  }
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === 'Decimal128') throw notSupported('Decimal128 values');
  if (bsonType === 'Long') throw notSupported('64-bit integers beyond 2^53');
  if (bsonType !== undefined || value instanceof Date || value instanceof RegExp) return;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw notSupported(`${key} (server-side JavaScript)`);
    assertSupportedValues((value as Document)[key], depth + 1);
  }
}
