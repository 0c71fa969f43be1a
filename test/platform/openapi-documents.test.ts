// Every operation of every service is documented well enough to build a gateway or generate a
// client from: a valid OpenAPI 3 document, request and 2xx response schemas, every error status
// with the error shape, ids marked as UUIDs, and no operation that does not exist.
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject } from '@nestjs/swagger';
import { HTTP_METHODS } from '@support-hub/platform';
import { serviceDocument } from '../support/service-documents';
import { SERVICE_NAMES, type ServiceName } from '../support/system-under-test';

type Schema = { $ref?: string; type?: string; properties?: Record<string, unknown>; items?: Schema; allOf?: Schema[] };
type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

/** Path parameters that are ids of people (a token's `sub`), not UUIDs. */
const NOT_UUID = new Set(['PATCH /api/v1/engineers/{id}', 'PATCH /api/v1/workspaces/{id}/members/{userId}', 'DELETE /api/v1/workspaces/{id}/members/{userId}']);

function operationsOf(document: OpenAPIObject): { key: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => ({ key: `${method.toUpperCase()} ${path}`, path, operation: item[method]! })),
  );
}

/** A schema that says something: a $ref to a component with properties, an array of such, or a typed value. */
function describesContent(document: OpenAPIObject, schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema.$ref) return describesContent(document, document.components?.schemas?.[schema.$ref.split('/').pop()!] as Schema);
  if (schema.allOf) return schema.allOf.some((part) => describesContent(document, part));
  if (schema.type === 'array') return describesContent(document, schema.items);
  if (schema.type === 'object' || schema.properties) return Object.keys(schema.properties ?? {}).length > 0;
  return schema.type !== undefined;
}

function jsonSchemaOf(response: unknown): Schema | undefined {
  return (response as { content?: Record<string, { schema?: Schema }> }).content?.['application/json']?.schema;
}

describe.each(SERVICE_NAMES)('the OpenAPI document of the %s service', (service: ServiceName) => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await serviceDocument(service);
  });

  it('is a valid OpenAPI 3 document (no method OpenAPI lacks, no dangling reference)', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('documents no catch-all: every operation is one the service routes by name', () => {
    const wildcards = operationsOf(document).filter(({ path }) => /\{path\}|\*/.test(path)).map(({ key }) => key);
    expect(wildcards).toEqual([]);
  });

  it('gives every operation a 2xx response with a schema that describes its content (204: none)', () => {
    const missing = operationsOf(document).filter(({ operation }) => {
      const [status, response] = Object.entries(operation.responses).find(([code]) => code.startsWith('2')) ?? [];
      if (!status) return true;
      return status !== '204' && !describesContent(document, jsonSchemaOf(response));
    });
    expect(missing.map(({ key }) => key)).toEqual([]);
  });

  it('gives every operation its error statuses, each with the error shape and its codes', () => {
    const problems: string[] = [];
    for (const { key, operation } of operationsOf(document)) {
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      if (!errors.some(([status]) => status === '500')) problems.push(`${key}: no 500`);
      if (operation.security?.length && !errors.some(([status]) => status === '401')) problems.push(`${key}: no 401`);
      for (const [status, response] of errors) {
        if (key === 'GET /health/ready' && status === '503') continue; // not ready: the readiness body, saying which check failed
        if (jsonSchemaOf(response)?.$ref !== '#/components/schemas/ErrorBodySchema') problems.push(`${key} ${status}: not the error shape`);
        if (!/^code: [A-Z_]+( \| [A-Z_]+)*$/.test((response as { description?: string }).description ?? '')) problems.push(`${key} ${status}: no codes`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents the body of every operation that reads one', () => {
    const missing = operationsOf(document).filter(({ key, operation }) => {
      const body = operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined;
      return /^(PATCH|PUT) /.test(key) ? !describesContent(document, body?.content?.['application/json']?.schema) : body !== undefined && !describesContent(document, body.content?.['application/json']?.schema);
    });
    expect(missing.map(({ key }) => key)).toEqual([]);
  });

  it('marks id path parameters as UUIDs', () => {
    const unmarked = operationsOf(document).flatMap(({ key, operation }) =>
      (operation.parameters ?? [])
        .map((parameter) => parameter as { in: string; name: string; schema?: { format?: string } })
        .filter((parameter) => parameter.in === 'path' && !NOT_UUID.has(key) && parameter.schema?.format !== 'uuid')
        .map((parameter) => `${key} {${parameter.name}}`),
    );
    expect(unmarked).toEqual([]);
  });
});
