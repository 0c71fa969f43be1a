import type { Document } from 'bson';
import { compare, type Row, type Value } from './reference-evaluator';

/** One `$op: { field: operand }` of the differential test's updates, and mongod's outcome for it. */
export type UpdateStep = { op: string; field: string; operand: unknown };

/** The document after the update, or the error code mongod answers (the document is then unchanged). */
export function applyReferenceUpdate(doc: Row, steps: UpdateStep[]): Row | { code: number } {
  const out: Document = { ...doc };
  // mongod 5+ applies an update's fields in field-name order, whatever the operator order.
  for (const { op, field, operand } of [...steps].sort((a, b) => (a.field < b.field ? -1 : 1))) {
    const present = field in out;
    const value = out[field] as Value;
    const isArray = Array.isArray(value);
    switch (op) {
      case '$set':
        out[field] = operand;
        break;
      case '$unset':
        delete out[field];
        break;
      case '$inc':
      case '$mul':
        if (present && typeof value !== 'number') return { code: 14 };
        // The generated numbers are all integers, and integers have no negative zero in BSON.
        out[field] = (op === '$inc' ? (present ? (value as number) + (operand as number) : operand) : present ? (value as number) * (operand as number) : 0) as number + 0;
        break;
      case '$push':
        if (present && !isArray) return { code: 2 };
        out[field] = [...(present ? (value as Value[]) : []), operand];
        break;
      case '$addToSet': {
        if (present && !isArray) return { code: 2 };
        const list = present ? (value as Value[]) : [];
        out[field] = list.some((item) => compare(item, operand) === 0) ? list : [...list, operand];
        break;
      }
      case '$pop':
        if (!present) break;
        if (!isArray) return { code: 14 };
        out[field] = operand === 1 ? (value as Value[]).slice(0, -1) : (value as Value[]).slice(1);
        break;
      case '$pull':
        if (!present) break;
        if (!isArray) return { code: 2 };
        out[field] = (value as Value[]).filter((item) => compare(item, operand) !== 0);
        break;
      case '$min':
      case '$max':
        if (!present || compare(operand, value) * (op === '$min' ? 1 : -1) < 0) out[field] = operand;
        break;
      default:
        throw new Error(`reference has no ${op}`);
    }
  }
  return out as Row;
}

export function toMongoUpdate(steps: UpdateStep[]): Document {
  const update: Document = {};
  for (const { op, field, operand } of steps) update[op] = { ...(update[op] ?? {}), [field]: operand };
  return update;
}
