import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiParam, ApiResponse } from '@nestjs/swagger';
import { UuidParamsGuard } from '../http/uuid-params.guard';
import { ErrorBodySchema } from './error-body.schema';

/** The error statuses a feature answers; 400, 401, 429 and 500 are added to every operation by buildOpenApiDocument. */
export type FeatureErrorStatus = 400 | 403 | 404 | 405 | 409 | 410 | 422;

/**
 * Documents the errors an operation can answer, by status, with their stable codes:
 * `@ApiErrors({ 404: ['CASE_NOT_FOUND'], 409: ['CASE_CLOSED'] })`. The codes are the ones in the
 * feature's `<feature>.errors.ts`; the status comes from the error's kind (one mapping, in the
 * exception filter).
 */
export function ApiErrors(errors: Partial<Record<FeatureErrorStatus, string[]>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(errors).map(([status, codes]) =>
      ApiResponse({ status: Number(status), type: ErrorBodySchema, description: `code: ${(codes ?? []).join(' | ')}` }),
    ),
  );
}

/**
 * Path parameters that are UUIDs (ids the services generate, tenant GUIDs): documented as such
 * and refused otherwise (400 VALIDATION_FAILED, field = the parameter), in one decorator so
 * that what the document promises is what every service enforces.
 */
export function ApiUuidParams(...names: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(UseGuards(new UuidParamsGuard(names)), ...names.map((name) => ApiParam({ name, type: String, format: 'uuid' })));
}
