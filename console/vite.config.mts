import { defineConfig } from 'vite';

// The console is a static bundle: `vite build` writes console/dist, which the console server
// (and later the API gateway) serves at `/`. Nothing is fetched from a CDN at run time.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  // `npm run console:dev` (hot reload): the API and the dev sign-in come from the console server.
  server: { proxy: { '/api/v1': 'http://127.0.0.1:8080', '/dev': 'http://127.0.0.1:8080' } },
});
