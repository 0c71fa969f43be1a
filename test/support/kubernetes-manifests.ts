// Offline validation of deploy/kubernetes with the npm package `kubernetes-models` (Kubernetes'
// own OpenAPI schemas, compiled, with a TypeScript interface per kind) and
// `@kubernetes-models/keda` (KEDA's CRDs). The schemas catch wrong types, missing required fields
// and bad enum values; Kubernetes' schemas allow unknown fields, so a misspelled key (a
// `readinesProbe`) is caught by type-checking each document against its kind's interface, where
// TypeScript refuses properties the interface does not have.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { loadAll } from 'js-yaml';

export interface Manifest {
  /** `file.yaml#index`, for messages. */
  where: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // The rest is the kind's own shape; tests narrow it where they read it.
  [field: string]: unknown;
}

interface KindModule {
  /** The model class, named after the kind: `new Deployment(data).validate()` throws on a schema error. */
  [kind: string]: new (data: unknown) => { validate(): void };
}

export function loadManifests(dir: string): Manifest[] {
  const manifests: Manifest[] = [];
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((file) => file.endsWith('.yaml')).sort();
  for (const file of files) {
    const documents = loadAll(readFileSync(join(dir, file), 'utf8')).filter((document) => document !== null && document !== undefined);
    documents.forEach((document, index) => manifests.push({ ...(document as Manifest), where: `${file}#${index}` }));
  }
  return manifests;
}

/** The package module of a kind: `apps/v1` + `Deployment` → `kubernetes-models/apps/v1/Deployment`. */
export function modelModule(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'keda.sh') return `@kubernetes-models/keda/keda.sh/${version}/${kind}`;
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

/** Schema errors of one manifest (empty when valid); an unknown kind is an error too. */
export function schemaErrors(manifest: Manifest): string[] {
  const { where: _where, ...document } = manifest;
  let model: KindModule;
  try {
    model = require(modelModule(manifest.apiVersion, manifest.kind)) as KindModule;
  } catch (error) {
    return [`no schema for ${manifest.apiVersion} ${manifest.kind}: ${(error as Error).message.split('\n')[0]}`];
  }
  try {
    new model[manifest.kind](document).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/**
 * TypeScript's verdict on every manifest as a value of its kind's interface (`IDeployment`…): one
 * message per error, naming the manifest. The source is virtual, placed beside the packages'
 * node_modules so their types resolve wherever they are installed.
 */
export function typeErrors(manifests: readonly Manifest[]): string[] {
  const packageDir = dirname(require.resolve('kubernetes-models/package.json'));
  const fileName = join(packageDir, '..', '..', '__kubernetes_manifests__.ts');
  const lines = manifests.map(({ where: _where, ...document }, index) => {
    const module = modelModule(document.apiVersion, document.kind);
    return `import type { I${document.kind} as T${index} } from ${JSON.stringify(module)};\nexport const m${index}: T${index} = ${JSON.stringify(document)};`;
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, target: ts.ScriptTarget.ES2022, types: [], ignoreDeprecations: '6.0' };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === fileName ? source : readFile(name));
  host.fileExists = ((exists) => (name: string) => name === fileName || exists(name))(host.fileExists.bind(host));
  host.getSourceFile = (name, language, onError) => (name === fileName ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, onError));
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line : -1;
    const manifest = line >= 0 ? manifests[Math.floor(line / 2)] : undefined;
    const where = manifest ? manifest.where : relative(packageDir, diagnostic.file?.fileName ?? '?');
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}
