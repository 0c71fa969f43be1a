#!/usr/bin/env node
// `npm run bench`: builds, then runs every bench/*.bench.ts (compiled) one after the other.
// Figures are printed next to a baseline measured in the same run. `npm run bench -- --help`
// lists the benches and their settings; `npm run bench -- access http-auth` (or BENCH_ONLY=access)
// runs some of them.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureBuild, root } = require('./ensure-build');

/** What each bench measures, roughly how long it takes here, and what tunes it. */
const BENCHES = {
  'http-auth': { takes: '~2 min', about: 'GET /api/v1/me vs bare Fastify with the same JWT check (ratio)', settings: 'BENCH_SECONDS (10) per round' },
  access: { takes: '~4 min', about: 'close → first refused read over 200 cases vs a raw amqplib round trip; access check rate vs bare Fastify', settings: 'BENCH_CASES (200), BENCH_SECONDS (10) per round' },
  'embedded-mongo': { takes: '~1 min', about: 'inserts with a unique index; indexed findOne and updateOne on 1k / 10k / 100k documents (ratios to 1k)', settings: 'BENCH_MONGO_DOCS (100000, capped by BENCH_SCALE_MAX)' },
  messaging: { takes: '~2 min', about: 'outbox → handled latency vs raw broker + one write; sustained consumption', settings: 'BENCH_RATES (500,2000), BENCH_SECONDS (5), BENCH_SUSTAINED_EVENTS (10000)' },
  gateway: { takes: '~4 min', about: 'GET /api/v1/me (no I/O) and GET /api/v1/workspaces (one database read) through the gateway (and nginx when installed) vs the service directly (ratio, p99 added)', settings: 'BENCH_SECONDS (10) per round' },
  scale: { takes: '~7 min', about: 'scale curves at 1×/10×/100× the work, as ratios to 1×: access check rate, close → revoked and bytes per grant with 1k/10k/100k live grants; Customer Activity with 5/50/500 workspaces; outbox drain of a 100/1k/10k backlog', settings: 'BENCH_SCALE_MAX (none; 10000 for a quick run), BENCH_SCALE_PARTS (access,activity,outbox), BENCH_SECONDS (5) per load, BENCH_SCALE_CASES (20)' },
  'system-load': { takes: '~90 s', about: 'mixed workload offered open-loop over a pool of engineers per product area: per operation achieved rate, p50/p99, errors at a fixed rate, close → revoked under it, cases per engineer, RSS; then the highest rate held with p99 < 250 ms (rate steps)', settings: 'BENCH_LOAD_RATE (40 req/s) for BENCH_LOAD_SECONDS (30) after BENCH_LOAD_WARMUP_SECONDS (3); BENCH_LOAD_AREAS (4), BENCH_LOAD_ENGINEERS_PER_AREA (3), BENCH_LOAD_CUSTOMERS (6, at most 256); BENCH_LOAD_RATES (10,20,40,80,160,320) of BENCH_LOAD_STEP_SECONDS (5) each, BENCH_LOAD_P99_MS (250)' },
};

function usage() {
  const rows = Object.entries(BENCHES).map(([name, { takes, about, settings }]) => `  ${name.padEnd(15)} ${takes.padEnd(7)} ${about}\n  ${''.padEnd(15)} ${''.padEnd(7)} settings: ${settings}`);
  return `usage: npm run bench [-- <bench> ...]   (or BENCH_ONLY=<bench>)\n\n${rows.join('\n')}\n\nBENCH_CHILD_STDOUT=1 shows the output of the processes a bench starts; SUT_NODE_ARGS passes node flags to them.\n`;
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(usage());
  process.exit(0);
}
const chosen = args.length > 0 ? args : process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : Object.keys(BENCHES);
const unknown = chosen.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench: ${unknown.join(', ')}\n\n${usage()}`);
  process.exit(2);
}

ensureBuild();
const dir = path.join(root, 'dist', 'bench');
// Ctrl-C reaches the running bench too, which cleans up (its processes, its broker objects)
// before it exits: wait for it, then run no further bench.
let interrupted = false;
process.on('SIGINT', () => (interrupted = true));
let failed = 0;
for (const name of chosen) {
  const file = path.join(dir, `${name}.bench.js`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: the build did not produce it`);
  process.stdout.write(`\n# ${name}\n`);
  const run = spawnSync(process.execPath, ['-r', path.join(__dirname, 'register-aliases.js'), file], { stdio: 'inherit', cwd: root });
  if (interrupted || run.status === 130) process.exit(130);
  if (run.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
