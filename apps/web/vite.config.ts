import { defineConfig } from 'vite';

/** Where `pnpm --filter @racelab/web dev` forwards API calls: a `pnpm api` running beside it. */
const API_ORIGIN = process.env.RACELAB_API_URL ?? 'http://127.0.0.1:8787';
const API_PATHS = ['/runs', '/hosts', '/health', '/strategies', '/openapi.json', '/docs'];

// The page shares memory with its Web Workers, which needs cross-origin isolation in dev too.
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    // The polyfill is an inline script, which the page's Content-Security-Policy forbids.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    // Nothing inlined as data: URLs, which the Content-Security-Policy does not allow either.
    assetsInlineLimit: 0,
  },
  server: {
    host: '127.0.0.1',
    headers: ISOLATION_HEADERS,
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: API_ORIGIN }])),
  },
  preview: { headers: ISOLATION_HEADERS },
});
