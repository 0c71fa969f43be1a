// One Jest run for the whole repository: unit specs beside the code, service tests in
// services/*/test, system tests in test/. ts-jest transpiles only (isolatedModules);
// `npm test` type-checks with tsc first.
const aliases = require('./scripts/aliases');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/test', '<rootDir>/console'],
  testRegex: '\\.(spec|test)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
    // content-disposition 3 (used by @fastify/static for the Swagger UI) is ESM-only, which
    // Node 20 requires natively but Jest cannot: compile that one package to CommonJS.
    'node_modules/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: Object.fromEntries(
    Object.entries(aliases.sourceRoots).map(([name, dir]) => [`^${name}$`, `<rootDir>/${dir}`]),
  ),
  testTimeout: 60000,
  // Every test closes what it opens; should a handle leak anyway, the run must still end
  // (a hung run costs a whole CI slot). Find leaks with `npx jest --detectOpenHandles`.
  forceExit: true,
};
