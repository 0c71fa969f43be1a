// Ids in paths are validated the same way in every service: for every route of the four
// services whose OpenAPI document names a UUID path parameter, a value that is no UUID is
// refused with 400 VALIDATION_FAILED naming the parameter, before any lookup — never a 404 in
// one service and a 400 in another, never a 5xx. The routes come from the services' own
// documents, so a new route is covered the day it is documented. Runs against the four
// services as separate processes, as a caller with every role, so that no role check answers
// first.
import { randomUUID } from 'node:crypto';
import type { OpenAPIObject } from '@nestjs/swagger';
import { serviceDocument } from '../support/service-documents';
import { person, SystemClient, VENDOR_TENANT } from '../support/system-client';
import { SERVICE_NAMES, ServiceName, SystemUnderTest } from '../support/system-under-test';

interface PathParameter {
  name: string;
  in: string;
  schema?: { format?: string };
  format?: string;
}

interface Route {
  service: ServiceName;
  method: string;
  path: string;
  uuidParams: string[];
  otherParams: string[];
}

/** Path parameters that are user ids (a token's `sub`), which need not be UUIDs. */
const USER_ID_PARAMS = new Set(['workspace PATCH /api/v1/workspaces/{id}/members/{userId}:userId', 'workspace DELETE /api/v1/workspaces/{id}/members/{userId}:userId', 'case PATCH /api/v1/engineers/{id}:id']);

/** Not UUIDs, each in its own way: a word, a number, one character short or long, an injection. */
const NOT_UUIDS = ['not-a-uuid', '12345', randomUUID().slice(0, 35), `${randomUUID()}0`, "' OR '1'='1", '{"$ne":null}', randomUUID().replace(/-/g, '')];

function routesOf(service: ServiceName, document: OpenAPIObject): Route[] {
  const routes: Route[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, { parameters?: PathParameter[] }>)) {
      if (!path.startsWith('/api/v1/') || !['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const inPath = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      const isUuid = (parameter: PathParameter) => (parameter.schema?.format ?? parameter.format) === 'uuid';
      if (inPath.length === 0) continue;
      routes.push({
        service, method: method.toUpperCase(), path,
        uuidParams: inPath.filter(isUuid).map((parameter) => parameter.name),
        otherParams: inPath.filter((parameter) => !isUuid(parameter)).map((parameter) => parameter.name),
      });
    }
  }
  return routes;
}

/** The route's path with `name` set to `value` and every other parameter to a fresh UUID. */
const pathWith = (route: Route, name: string, value: string): string =>
  route.path.replace(/\{([^}]+)\}/g, (_, param: string) => encodeURIComponent(param === name ? value : randomUUID()));

describe('Ids in paths, in every service', () => {
  let system: SystemUnderTest;
  let client: SystemClient;
  const routes: Route[] = [];
  // Every vendor role in the vendor's tenant, and its directory admin: no role check refuses first.
  const everyone = person('Ava All Roles', VENDOR_TENANT, ['csam', 'account-coordinator', 'support-engineer', 'support-manager', 'Global Administrator']);

  beforeAll(async () => {
    for (const service of SERVICE_NAMES) routes.push(...routesOf(service, await serviceDocument(service)));
    system = await SystemUnderTest.start({}, { RATE_LIMIT_PER_MINUTE: '1000000' });
    client = new SystemClient(system);
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('every service documents UUID path parameters, and every id parameter is a UUID or a user id', () => {
    const withUuids = routes.filter((route) => route.uuidParams.length > 0);
    expect(withUuids.length).toBeGreaterThanOrEqual(25);
    expect(new Set(withUuids.map((route) => route.service))).toEqual(new Set(SERVICE_NAMES));
    const undeclared = routes.flatMap((route) => route.otherParams.map((name) => `${route.service} ${route.method} ${route.path}:${name}`));
    expect(undeclared.filter((key) => !USER_ID_PARAMS.has(key))).toEqual([]);
  });

  it.each(SERVICE_NAMES)('%s: a non-UUID id is 400 VALIDATION_FAILED naming the parameter, on every route', async (service) => {
    const mismatches: unknown[] = [];
    for (const route of routes.filter((candidate) => candidate.service === service)) {
      for (const name of route.uuidParams) {
        for (const value of NOT_UUIDS) {
          const reply = await client.call(service, route.method, pathWith(route, name, value), everyone, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
          const expected = { statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: `${name} must be a UUID`, details: [{ field: name, rule: 'format', message: `${name} must be a UUID` }] };
          if (reply.status !== 400 || JSON.stringify(reply.body) !== JSON.stringify(expected)) mismatches.push({ route: `${route.method} ${route.path}`, name, value, status: reply.status, body: reply.body });
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it.each(SERVICE_NAMES)('%s: a well-formed UUID passes the check (what it names is then looked up)', async (service) => {
    const refused: unknown[] = [];
    for (const route of routes.filter((candidate) => candidate.service === service)) {
      for (const name of route.uuidParams) {
        const reply = await client.call(service, route.method, pathWith(route, name, randomUUID().toUpperCase()), everyone, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
        const details: { field?: string; rule?: string }[] = reply.body?.details ?? [];
        if (reply.status >= 500 || details.some((detail) => detail.field === name && detail.rule === 'format')) refused.push({ route: `${route.method} ${route.path}`, name, status: reply.status, body: reply.body });
      }
    }
    expect(refused).toEqual([]);
  }, 120_000);
});
