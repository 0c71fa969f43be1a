import type { ServiceName } from '@support-hub/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import { serviceOfPath } from '../routes/route-table';

type Schemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;

/**
 * A service's document with each schema name that means something else in `taken` prefixed with
 * the service (`case` + `WorkspaceView` → `CaseWorkspaceView`), references included. Schemas of
 * the same name and content (ErrorBodySchema, FieldErrorSchema…) stay shared.
 */
function withoutNameClashes(document: OpenAPIObject, taken: Schemas, service: ServiceName): OpenAPIObject {
  let text = JSON.stringify(document);
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (!taken[name] || JSON.stringify(taken[name]) === JSON.stringify(schema)) continue;
    const renamed = `${service.charAt(0).toUpperCase()}${service.slice(1)}${name}`;
    text = text.split(`"#/components/schemas/${name}"`).join(`"#/components/schemas/${renamed}"`);
    const parsed = JSON.parse(text) as OpenAPIObject;
    parsed.components!.schemas![renamed] = parsed.components!.schemas![name];
    delete parsed.components!.schemas![name];
    text = JSON.stringify(parsed);
  }
  return JSON.parse(text) as OpenAPIObject;
}

/**
 * One document for everything the gateway serves: each service's operations on the paths the
 * route table gives it (a service's health and its own /me stay out when another one owns the
 * path), their schemas, one bearer scheme. A service that did not answer is named in the
 * description, so a partial document never passes for a whole one.
 */
export function mergeDocuments(documents: Partial<Record<ServiceName, OpenAPIObject>>, missing: ServiceName[] = []): OpenAPIObject {
  const merged: OpenAPIObject = {
    openapi: '3.0.0',
    info: {
      title: 'Support Hub API',
      version: '1',
      description: missing.length ? `Incomplete: the ${missing.join(', ')} service did not answer; reload later.` : 'Every operation of the four services, as the gateway routes them.',
    },
    servers: [{ url: '/' }],
    tags: [],
    paths: {},
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } }, schemas: {} },
  };
  const schemas = merged.components!.schemas!;
  for (const [service, original] of Object.entries(documents) as [ServiceName, OpenAPIObject][]) {
    const document = withoutNameClashes(original, schemas, service);
    for (const [path, item] of Object.entries(document.paths)) {
      if (serviceOfPath(path) === service) merged.paths[path] = item;
    }
    Object.assign(schemas, document.components?.schemas);
    for (const tag of document.tags ?? []) if (!merged.tags!.some((known) => known.name === tag.name)) merged.tags!.push(tag);
  }
  return merged;
}
