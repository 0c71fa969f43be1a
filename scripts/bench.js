#!/usr/bin/env node
// `npm run bench`: builds, then runs every bench/*.bench.ts (compiled) one after the other.
// Figures are printed next to a baseline measured in the same run. BENCH_ONLY=http-auth runs one.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureBuild, root } = require('./ensure-build');

ensureBuild();
const dir = path.join(root, 'dist', 'bench');
const only = process.env.BENCH_ONLY;
const benches = fs.readdirSync(dir).filter((file) => file.endsWith('.bench.js') && (!only || file.startsWith(only)));
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n# ${file.replace('.bench.js', '')}\n`);
  const run = spawnSync(process.execPath, ['-r', path.join(__dirname, 'register-aliases.js'), path.join(dir, file)], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
