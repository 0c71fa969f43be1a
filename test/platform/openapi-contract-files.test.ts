// The merged OpenAPI document (what the gateway serves at /docs) is kept in docs/openapi.json for
// client generators, and the web console's API types are generated from it (openapi-typescript,
// console/src/api-schema.d.ts). Each test fails when its file is out of date, so the console
// cannot drift from the services' contract: `UPDATE_OPENAPI=1 npx jest test/platform/openapi-contract-files.test.ts`
// rewrites both after a change to the API.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { mergeDocuments } from '../../services/gateway/src/openapi/merged-document';
import { serviceDocument } from '../support/service-documents';
import { SERVICE_NAMES } from '../support/system-under-test';

const root = join(__dirname, '..', '..');
const DOCUMENT_FILE = join(root, 'docs', 'openapi.json');
const TYPES_FILE = join(root, 'console', 'src', 'api-schema.d.ts');
const UPDATE = process.env.UPDATE_OPENAPI === '1';
const HOW_TO_UPDATE = 'run `UPDATE_OPENAPI=1 npx jest test/platform/openapi-contract-files.test.ts` and commit the result';

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Compares a generated file with the committed one, or writes it when updating. */
function expectCommitted(file: string, generated: string): void {
  if (UPDATE) writeFileSync(file, generated);
  const committed = readOrEmpty(file);
  if (committed !== generated) throw new Error(`${file.slice(root.length + 1)} is out of date: ${HOW_TO_UPDATE}`);
}

describe('the API contract files', () => {
  let merged: OpenAPIObject;

  beforeAll(async () => {
    const documents = Object.fromEntries(await Promise.all(SERVICE_NAMES.map(async (service) => [service, await serviceDocument(service)] as const)));
    merged = mergeDocuments(documents);
  }, 60_000);

  it('docs/openapi.json is the merged document of the four services', () => {
    expectCommitted(DOCUMENT_FILE, `${JSON.stringify(merged, null, 2)}\n`);
  });

  it("the console's API types are generated from it", () => {
    const cli = join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'); // its package exports no bin path
    const types = execFileSync(process.execPath, [cli, DOCUMENT_FILE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expectCommitted(TYPES_FILE, `// Generated from docs/openapi.json by openapi-typescript: do not edit (${HOW_TO_UPDATE}).\n${types}`);
  }, 60_000);
});
