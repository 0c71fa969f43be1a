import { ArgumentMetadata, Injectable, PipeTransform, ValidationPipe, type Type, type ValidationPipeOptions } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { fieldErrors, validationFailed } from './field-errors';

/**
 * Names every object inherits (`valueOf`, `constructor`, `__proto__`...). class-validator's
 * whitelist takes them for declared properties, so `{..., "valueOf": []}` would pass it (found
 * by the fuzzing system test); no DTO of ours uses them.
 */
const INHERITED_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

type Forbidden = { path: string; problem: 'operator' | 'inherited' | 'null' };

/**
 * What no body or query may hold: a query operator key (`$ne`), an inherited property name,
 * or (in bodies) a null value. No field of our APIs is nullable: an optional field is omitted,
 * and class-validator's @IsOptional would otherwise let `null` through to the database.
 */
function findForbidden(value: unknown, nullAllowed: boolean, path = ''): Forbidden | null {
  if (value === null || typeof value !== 'object') return null;
  for (const [key, nested] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    // `status[$ne]=x` is how a query string spells an operator for parsers that nest (qs):
    // refused as one, although our parser keeps it a flat key that nothing reads.
    if (key.startsWith('$') || key.includes('[$')) return { path: here, problem: 'operator' };
    if (INHERITED_NAMES.has(key)) return { path: here, problem: 'inherited' };
    if (nested === null && !nullAllowed) return { path: here, problem: 'null' };
    const found = findForbidden(nested, nullAllowed, here);
    if (found) return found;
  }
  return null;
}

const MESSAGE_OF_PROBLEM: Record<Forbidden['problem'], string> = {
  operator: 'is not allowed',
  inherited: 'should not exist',
  null: 'must not be null (omit it instead)',
};


/**
 * Global validation: DTOs are classes with class-validator rules. Unknown body properties are
 * refused (400), not silently dropped, so a client learns about its typo or its attempt at mass
 * assignment. Unknown query parameters are ignored, on every route alike (a route without query
 * parameters never reads them): caches and front ends add their own (`_=<time>` cache-busters,
 * tracking parameters), and refusing them would break those clients for nothing.
 */
@Injectable()
export class StrictValidationPipe implements PipeTransform {
  private readonly validation = new RuleValidationPipe(rulesFor({ forbidUnknown: true }));
  private readonly queryValidation = new RuleValidationPipe(rulesFor({ forbidUnknown: false }));

  /**
   * Validated queries, per DTO class. A query is strings only and our rules depend on nothing
   * else (no custom validators, no clock), so the answer for the same query string is the same:
   * a hot route (the access check) validates its query once, not on every request (measured:
   * class-transformer + class-validator were ~16% of that route's CPU). Refusals are not kept.
   */
  private readonly validQueries = new WeakMap<Type, LRUCache<string, object>>();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // A custom decorator's value (@CurrentUser) is not validated: Nest's ValidationPipe would hand
    // it back as it is, but through an async function, a promise on every authenticated route.
    if (metadata.type === 'custom') return value;
    const dto = metadata.type === 'query' ? metadata.metatype : undefined;
    if (!dto || !this.queryValidation.appliesTo(metadata)) return this.validate(value, metadata);
    let known = this.validQueries.get(dto);
    if (!known) this.validQueries.set(dto, (known = new LRUCache({ max: QUERIES_KEPT_PER_DTO })));
    const key = JSON.stringify(value);
    const cached = known.get(key);
    if (cached) return copyOf(cached);
    return Promise.resolve(this.validate(value, metadata)).then((valid) => {
      known.set(key, valid as object);
      return copyOf(valid as object);
    });
  }

  private validate(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const forbidden = findForbidden(value, metadata.type === 'query');
      if (forbidden) {
        throw validationFailed(forbidden.problem === 'operator' ? 'OPERATOR_NOT_ALLOWED' : 'VALIDATION_FAILED', [
          { field: forbidden.path, rule: forbidden.problem, message: `property ${forbidden.path} ${MESSAGE_OF_PROBLEM[forbidden.problem]}` },
        ]);
      }
    }
    return (metadata.type === 'query' ? this.queryValidation : this.validation).transform(value, metadata);
  }
}

const QUERIES_KEPT_PER_DTO = 1_000;

/** Every rule is checked (not only the first), so fieldErrors can report the most basic one. */
function rulesFor({ forbidUnknown }: { forbidUnknown: boolean }): ValidationPipeOptions {
  return {
    whitelist: true,
    forbidNonWhitelisted: forbidUnknown,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed('VALIDATION_FAILED', fieldErrors(errors)),
  };
}

/** Nest's ValidationPipe, saying which parameters it validates (a DTO class, not `String`...). */
class RuleValidationPipe extends ValidationPipe {
  appliesTo(metadata: ArgumentMetadata): boolean {
    return this.toValidate(metadata);
  }
}

/** Each request gets its own DTO: a handler may change it (or a list in it) without touching the cached one. */
function copyOf<T extends object>(dto: T): T {
  const copy = Object.create(Object.getPrototypeOf(dto) as object) as Record<string, unknown>;
  for (const [key, value] of Object.entries(dto)) copy[key] = Array.isArray(value) ? [...value] : value;
  return copy as T;
}
