// Builds the console bundle (console/dist) with Vite: `npm run console:build`, and before the
// browser test and `npm start`. Vite is an ES module, so it runs as its own process.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const consoleDir = __dirname;
const distDir = path.join(consoleDir, 'dist');

function buildConsole({ quiet = false } = {}) {
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [consoleDir] })), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', quiet ? 'warn' : 'info'], { cwd: consoleDir, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  return distDir;
}

module.exports = { buildConsole, distDir };

if (require.main === module) buildConsole();
