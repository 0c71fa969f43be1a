import type { Document } from 'bson';
import { isPlainObject } from '../storage/value-key';

/** A logical session is identified by the UUID in `lsid.id`; its hex keys the session's transaction. */
export function sessionKey(lsid: unknown): string | undefined {
  if (!isPlainObject(lsid)) return undefined;
  const id = (lsid as Document).id as { toString?(encoding: 'hex'): string; _bsontype?: string } | undefined;
  if (!id || (id._bsontype !== 'Binary' && id._bsontype !== 'UUID') || !id.toString) return undefined;
  return id.toString('hex');
}
