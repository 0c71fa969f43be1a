#!/usr/bin/env node
// `npm run -s profile-summary -- <file.cpuprofile> [--top N]`: where a V8 CPU profile (from
// `--cpu-prof`, e.g. SUT_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" for a bench's processes)
// spends its time, as shares of the busy time (idle left out): by package (node_modules/<pkg>,
// node: internals, the project's own files, V8's own rows such as the garbage collector and
// writev/read, which are the time in those system calls) and by function (self time).
const fs = require('node:fs');

const USAGE = 'usage: npm run -s profile-summary -- <file.cpuprofile> [--top N]';

function parseArgs(argv) {
  const files = [];
  let top = 20;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--top') {
      top = Number(argv[++index]);
      if (!Number.isInteger(top) || top < 1) throw new Error(`--top takes a positive whole number\n${USAGE}`);
    } else if (arg.startsWith('-')) throw new Error(`unknown flag ${arg}\n${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new Error(USAGE);
  return { file: files[0], top };
}

/** The package a frame belongs to: the innermost node_modules package, a node: module, a project file or V8's own row. */
function packageOf({ url, functionName }) {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  if (url.startsWith('node:')) return url;
  if (!url) return functionName || '(anonymous)';
  const project = /\/(dist|services|libs|bench|scripts|test)\/(.*)$/.exec(url);
  return project ? `${project[1]}/${project[2]}` : url;
}

function summarize(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map();
  profile.samples.forEach((id, index) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const byPackage = new Map();
  const byFunction = new Map();
  let busy = 0;
  let idle = 0;
  for (const [id, micros] of selfMicros) {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(idle)') {
      idle += micros;
      continue;
    }
    busy += micros;
    const pkg = packageOf(frame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    const fn = frame.functionName || '(anonymous)';
    const name = fn === pkg ? fn : `${fn}  ${pkg}${frame.lineNumber >= 0 ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  }
  return { busy, idle, byPackage, byFunction };
}

function print({ busy, idle, byPackage, byFunction }, top) {
  const share = (micros) => `${((micros / busy) * 100).toFixed(1).padStart(5)}%`;
  const rows = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, micros]) => `${share(micros)}  ${name}`);
  process.stdout.write(`busy ${(busy / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s (shares below are of the busy time)\n`);
  process.stdout.write(`\nby package\n${rows(byPackage).join('\n')}\n\nby function (self time)\n${rows(byFunction).join('\n')}\n`);
}

// `| head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) process.stdout.write(`${USAGE}\n`);
  else print(summarize(JSON.parse(fs.readFileSync(args.file, 'utf8'))), args.top);
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
