// The house rules of docs/architecture.md, checked on the import graph (dependency-cruiser):
// no import cycle between files or between feature folders, short source files, and pure
// aggregate models (no Nest, mongoose or I/O).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

type Graph = Map<string, Set<string>>;

interface CruiseResult {
  modules: { source: string; dependencies: { resolved: string; coreModule: boolean; couldNotResolve: boolean }[] }[];
}

/**
 * Every local import of the sources, type-only imports included (they are dependencies of the
 * reader too). dependency-cruiser is ESM-only, so it runs as its own CLI.
 */
function importGraph(): Graph {
  const cli = join(root, 'node_modules', '.bin', 'depcruise');
  const args = ['services', 'libs', '--no-config', '--ts-pre-compilation-deps', '--ts-config', 'tsconfig.json'];
  args.push('--exclude', '(\\.spec\\.ts$|/test/|node_modules)', '--do-not-follow', 'node_modules', '--output-type', 'json');
  const result = JSON.parse(execFileSync(cli, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as CruiseResult;
  const graph: Graph = new Map();
  for (const module of result.modules.filter((m) => /^(services|libs)\/.*\.ts$/.test(m.source))) {
    const local = module.dependencies.filter((d) => !d.coreModule && !d.couldNotResolve && !d.resolved.includes('node_modules')).map((d) => d.resolved);
    graph.set(module.source, new Set(local));
  }
  return graph;
}

/** A feature folder: `services/<svc>/src/<feature>`, or a whole library. */
function folderOf(file: string): string {
  return /^(services\/[^/]+\/src\/[^/]+|libs\/[^/]+)/.exec(file)?.[1] ?? file;
}

function collapse(graph: Graph, group: (file: string) => string): Graph {
  const folders: Graph = new Map();
  for (const [file, imports] of graph) {
    const from = group(file);
    const edges = folders.get(from) ?? new Set<string>();
    for (const target of imports) if (group(target) !== from) edges.add(group(target));
    folders.set(from, edges);
  }
  return folders;
}

/** Strongly connected components with more than one member (Tarjan): each is a cycle. */
function cycles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('The house rules (docs/architecture.md)', () => {
  let graph: Graph;

  beforeAll(() => {
    graph = importGraph();
  });

  it('has no import cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no import cycle between feature folders', () => {
    expect(cycles(collapse(graph, folderOf))).toEqual([]);
  });

  it('keeps every source file under 300 lines', () => {
    const long = [...graph.keys()].filter((file) => readFileSync(join(root, file), 'utf8').split('\n').length > 301);
    expect(long).toEqual([]);
  });

  it('keeps the aggregate models pure: no Nest, mongoose, database or messaging', () => {
    const models = [
      'services/access/src/grants/grant.ts', 'services/access/src/grants/live-grant.index.ts', 'services/access/src/requests/access-request.ts', 'services/case/src/cases/case.ts', 'services/invitation/src/invitations/invitation.ts', 'services/case/src/engineers/engineer.ts',
      'services/workspace/src/contracts/contract.ts',
      'services/workspace/src/workspaces/workspace.ts',
    ];
    const impure = /@nestjs|mongoose|@support-hub\/(messaging|persistence|embedded-mongo)|\.repository(\.ts)?$|\.service(\.ts)?$|\.schema(\.ts)?$/;
    for (const model of models) {
      const reachable = new Set<string>();
      const walk = (file: string) => {
        for (const target of graph.get(file) ?? []) {
          if (reachable.has(target) || target.startsWith('libs/')) continue;
          reachable.add(target);
          walk(target);
        }
      };
      walk(model);
      const imported = [...readFileSync(join(root, model), 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      expect([model, imported.filter((specifier) => impure.test(specifier)), [...reachable].filter((file) => impure.test(file))]).toEqual([model, [], []]);
    }
  });
});
