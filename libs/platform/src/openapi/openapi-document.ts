import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ErrorBodySchema, FieldErrorSchema } from './error-body.schema';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Responses = Operation['responses'];

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
const ERROR_REF = { $ref: `#/components/schemas/${ErrorBodySchema.name}` };

/**
 * The errors any operation can answer, whatever its feature: written here once rather than on
 * every route, because they come from the platform (guards, pipes, body parser, filter).
 */
function platformErrors(operation: Operation): Record<number, string[]> {
  const errors: Record<number, string[]> = { 500: ['INTERNAL'] };
  const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
  if (takesInput) errors[400] = ['VALIDATION_FAILED', 'OPERATOR_NOT_ALLOWED'];
  if (operation.requestBody !== undefined) {
    errors[400] = [...(errors[400] ?? []), 'BODY_TOO_DEEP'];
    errors[413] = ['PAYLOAD_TOO_LARGE'];
    errors[415] = ['UNSUPPORTED_MEDIA_TYPE'];
  }
  if ((operation.security?.length ?? 0) > 0) errors[401] = ['UNAUTHENTICATED', 'TOKEN_EXPIRY_REQUIRED', 'TOKEN_LIFETIME_TOO_LONG'];
  return errors;
}

/** Adds the platform's errors to an operation, merging the codes into a status the feature already documents. */
function addPlatformErrors(operation: Operation): void {
  const responses: Responses = operation.responses ?? {};
  for (const [status, codes] of Object.entries(platformErrors(operation))) {
    const existing = responses[status] as { description?: string } | undefined;
    const known = existing?.description?.replace(/^code: /, '').split(' | ').filter(Boolean) ?? [];
    responses[status] = {
      description: `code: ${[...new Set([...codes, ...known])].join(' | ')}`,
      content: { 'application/json': { schema: ERROR_REF } },
    };
  }
  operation.responses = responses;
}

/** A service's OpenAPI document: every operation with its response schemas and every error it can answer. */
export function buildOpenApiDocument(app: INestApplication, title: string): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(`Support Hub — ${title} service`).setVersion('1').addBearerAuth().build(),
    { extraModels: [ErrorBodySchema, FieldErrorSchema] },
  );
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) addPlatformErrors(operation);
    }
  }
  return document;
}
