// Loaded with `node -r` before a compiled service: maps @support-hub/* imports to the
// compiled libraries under dist/ (tsc keeps the aliases as written).
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const { sourceRoots } = require('./aliases');

tsconfigPaths.register({
  baseUrl: path.join(__dirname, '..', 'dist'),
  paths: Object.fromEntries(Object.entries(sourceRoots).map(([name, dir]) => [name, [dir]])),
});
