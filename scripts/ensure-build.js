// Compiles the TypeScript once when dist/ is missing or older than any source file, so
// `npm start` and `npm run token` work straight after `npm install`.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'test') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuild({ quiet = false } = {}) {
  const sources = Math.max(...['libs', 'services', 'bench'].filter((d) => fs.existsSync(path.join(root, d))).map((d) => newestSourceTime(path.join(root, d))));
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= sources) return;
  if (!quiet) process.stderr.write('Building (tsc)...\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  fs.writeFileSync(stamp, new Date().toISOString());
}

module.exports = { ensureBuild, root };

if (require.main === module) ensureBuild();
