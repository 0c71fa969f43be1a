import type { Document } from 'bson';
import { isPlainObject } from './value-key';

/** Renders values the way mongod prints them in E11000 messages: `{ email: "a@b.c" }`. */
export function formatKeyValue(fields: string[], values: unknown[]): string {
  const parts = fields.map((field, i) => `${field}: ${formatValue(values[i])}`);
  return `{ ${parts.join(', ')} }`;
}

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(formatValue).join(', ')} ]`;
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === 'ObjectId') return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value as Document).map(([k, v]) => `${k}: ${formatValue(v)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

export function keyValueDocument(fields: string[], values: unknown[]): Document {
  const doc: Document = {};
  fields.forEach((field, i) => {
    doc[field] = values[i] === undefined ? null : values[i];
  });
  return doc;
}
