import { BadRequestException } from '@nestjs/common';
import type { FieldError } from '../errors/http-exception.filter';

/**
 * A validation refusal: `message` for a person, `details` for a client that shows each error
 * beside its field.
 */
export function validationFailed(code: string, details: FieldError[]): BadRequestException {
  return new BadRequestException({ code, message: details.map((detail) => detail.message).join('; '), details });
}

export interface ValidationErrorLike {
  property: string;
  value?: unknown;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

/**
 * class-validator reports every rule a value breaks; a person needs the most basic one: that a
 * field is missing before that it is too long, that `limit=abc` is not a number before that it
 * is over 100. Rules earlier here win; any rule not listed comes after them.
 */
const RULES_FIRST = [
  'whitelistValidation',
  'isDefined',
  'nestedValidation',
  'isObject',
  'isArray',
  'isString',
  'isBoolean',
  'isInt',
  'isNumber',
  'isEnum',
  'isIn',
  'isUuid',
  'isEmail',
  'isDateString',
  'isIso8601',
  'matches',
];

/** What a rule is about, in words a client can branch on (`details[].rule`). */
const RULE_NAMES: Record<string, string> = {
  whitelistValidation: 'unknown',
  isDefined: 'required',
  nestedValidation: 'type',
  isObject: 'type',
  isArray: 'type',
  isString: 'type',
  isBoolean: 'type',
  isInt: 'type',
  isNumber: 'type',
  isEnum: 'enum',
  isIn: 'enum',
  isUuid: 'format',
  isEmail: 'format',
  isDateString: 'format',
  isIso8601: 'format',
  matches: 'format',
  min: 'range',
  max: 'range',
  minLength: 'length',
  maxLength: 'length',
  arrayMinSize: 'size',
  arrayMaxSize: 'size',
  arrayNotEmpty: 'size',
  isNotEmpty: 'required',
};

function rank(rule: string): number {
  const index = RULES_FIRST.indexOf(rule);
  return index === -1 ? RULES_FIRST.length : index;
}

/** One entry per refused field (nested ones by dotted path), each with its most basic broken rule. */
export function fieldErrors(errors: readonly ValidationErrorLike[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const rules = Object.keys(error.constraints ?? {}).sort((a, b) => rank(a) - rank(b));
    const own: FieldError[] = [];
    const first = rules[0];
    if (first !== undefined) {
      // @IsOptional skips an absent field, so any rule an absent field breaks means it is required.
      const missing = error.value === undefined && first !== 'whitelistValidation';
      own.push(
        missing
          ? { field, rule: 'required', message: `${field} is required` }
          : { field, rule: RULE_NAMES[first] ?? first, message: error.constraints![first].replace(error.property, field) },
      );
    }
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}
