import type { Document } from 'bson';
import { MongoCommandError } from '../../errors/mongo-error';
import { isPlainObject } from '../../storage/value-key';
import { ARRAY_OPERATORS } from './array-update-operators';
import { FIELD_OPERATORS } from './field-update-operators';
import { bsonTypeName, type FieldOperator, type UpdateContext } from './update-context';
import { expandPositional, type PositionalContext } from './update-paths';

const OPERATORS: Record<string, FieldOperator> = { ...FIELD_OPERATORS, ...ARRAY_OPERATORS };

export function isUpdateOperator(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(OPERATORS, name);
}

interface Step {
  operator: string;
  path: string;
  operand: unknown;
}

/** One update document, checked once and applied to each matched document. */
export interface UpdatePlan {
  steps: Step[];
}

/**
 * Parses `{ $op: { path: operand } }` as mongod does: unknown modifiers are FailedToParse (9),
 * two paths where one equals or contains the other are ConflictingUpdateOperators (40), and
 * the steps run in field order (mongod 5+ applies updates to fields in lexicographic order,
 * numeric field names numerically), whatever the operator order in the request.
 */
export function planUpdate(operators: Document, inserting: boolean): UpdatePlan {
  const steps: Step[] = [];
  const claimed: Array<{ path: string; parts: string[] }> = [];
  const claim = (path: string) => {
    const parts = path.split('.');
    for (const other of claimed) {
      const shared = Math.min(parts.length, other.parts.length);
      if (parts.slice(0, shared).every((part, i) => part === other.parts[i])) {
        throw new MongoCommandError('ConflictingUpdateOperators', `Updating the path '${path}' would create a conflict at '${other.parts.slice(0, shared).join('.')}'`);
      }
    }
    claimed.push({ path, parts });
  };
  for (const [operator, fields] of Object.entries(operators)) {
    if (!isUpdateOperator(operator)) {
      throw new MongoCommandError('FailedToParse', `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    if (!isPlainObject(fields)) {
      throw new MongoCommandError('FailedToParse', `Modifiers operate on fields but we found type ${bsonTypeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${JSON.stringify(fields)}}`);
    }
    if (operator === '$setOnInsert' && !inserting) {
      for (const path of Object.keys(fields)) claim(path);
      continue;
    }
    for (const [path, operand] of Object.entries(fields)) {
      claim(path);
      if (operator === '$rename' && typeof operand === 'string') claim(operand);
      steps.push({ operator, path, operand });
    }
  }
  steps.sort((a, b) => comparePaths(a.path, b.path));
  return { steps };
}

function comparePaths(a: string, b: string): number {
  const [x, y] = [a.split('.'), b.split('.')];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const numeric = /^\d+$/.test(x[i]) && /^\d+$/.test(y[i]);
    if (numeric) return Number(x[i]) - Number(y[i]);
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/** Applies a plan to `doc` in place (the caller passes a copy). */
export function applyPlan(doc: Document, plan: UpdatePlan, positional: PositionalContext, ctx: UpdateContext): void {
  const touched: string[][] = [];
  for (const step of plan.steps) {
    const targets = step.path.includes('$') ? expandPositional(doc, step.path, positional) : [step.path.split('.')];
    for (const parts of targets) {
      // Positional paths that looked distinct may land on one element ('a.$[]' and 'a.0').
      if (step.path.includes('$')) assertNoRuntimeConflict(touched, parts);
      touched.push(parts);
      OPERATORS[step.operator](doc, parts, step.operand, ctx);
    }
  }
}

function assertNoRuntimeConflict(touched: string[][], parts: string[]): void {
  for (const other of touched) {
    const shared = Math.min(parts.length, other.length);
    if (parts.slice(0, shared).every((part, i) => part === other[i])) {
      throw new MongoCommandError('ConflictingUpdateOperators', `Update created a conflict at '${parts.slice(0, shared).join('.')}'`);
    }
  }
}
