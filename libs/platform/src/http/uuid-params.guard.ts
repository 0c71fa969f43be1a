import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { validationFailed } from './field-errors';

/**
 * Any GUID, whatever its version: the services make v4 ids, but a tenant id is whatever GUID
 * its directory was given.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Refuses a path parameter that should be a UUID and is not: 400 VALIDATION_FAILED with the
 * parameter as the refused field, the same answer in every service (`ApiUuidParams` applies it
 * where it documents the parameter). A guard rather than a pipe: Nest runs the pipes of a
 * handler's arguments concurrently, so a pipe's refusal of the path id would race the body's;
 * a guard runs after authentication and before every pipe, so a bad id is always what is
 * reported, and no handler or database ever sees it.
 */
@Injectable()
export class UuidParamsGuard implements CanActivate {
  constructor(private readonly names: readonly string[]) {}

  canActivate(context: ExecutionContext): boolean {
    const params = context.switchToHttp().getRequest<{ params?: Record<string, unknown> }>().params ?? {};
    const refused = this.names.filter((name) => {
      const value = params[name];
      return typeof value !== 'string' || !GUID.test(value);
    });
    if (refused.length) throw validationFailed('VALIDATION_FAILED', refused.map((field) => ({ field, rule: 'format', message: `${field} must be a UUID` })));
    return true;
  }
}
