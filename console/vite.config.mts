import { defineConfig } from 'vite';

// The console is a static bundle: `vite build` writes console/dist, which the API gateway (and
// nginx in production) serves at `/`. Nothing is fetched from a CDN at run time.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  // `npx vite` (hot reload): the API and the dev sign-in come from the gateway of `npm start`.
  server: { proxy: { '/api/v1': 'http://127.0.0.1:8080', '/dev': 'http://127.0.0.1:8080' } },
});
