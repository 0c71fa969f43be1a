import type { Document } from 'bson';
import { badValue, MongoCommandError } from '../errors/mongo-error';
import { isPlainObject } from '../storage/value-key';

/** Typed readers for command fields, failing with mongod's error codes on wrong types. */
export function collectionName(command: Document, name: string): string {
  const value = command[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new MongoCommandError('InvalidNamespace', `collection name has invalid type ${typeof value}`);
  }
  return value;
}

export function optionalDocument(command: Document, field: string): Document | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw new MongoCommandError('TypeMismatch', `'${field}' must be an object`);
  return value;
}

export function documentArray(command: Document, field: string): Document[] {
  const value = command[field];
  if (!Array.isArray(value)) throw new MongoCommandError('TypeMismatch', `'${field}' must be an array`);
  return value as Document[];
}

export function optionalNumber(command: Document, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badValue(`'${field}' must be a number`);
  return value;
}

export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'number' && value !== 0);
}
