import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';
import { secureHeaders } from 'hono/secure-headers';
import { errorBody } from '../http/error-body.js';
import { defaultWebRoot, loadWebFiles, type WebFile } from './web-files.js';

/**
 * The page's headers. Cross-origin isolation (COOP + COEP) is what lets the page and its Web
 * Workers share a SharedArrayBuffer; the policy lets the page load and connect to its own origin
 * only, so nothing it does can reach another server.
 */
const pageHeaders = secureHeaders({
  strictTransportSecurity: false, // sent on https only, by the app
  crossOriginEmbedderPolicy: 'require-corp',
  crossOriginOpenerPolicy: 'same-origin',
  crossOriginResourcePolicy: 'same-origin',
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

/** Hashed names change with their content, so a browser may keep them for good. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';
/** The HTML names this build's assets: always ask again (an ETag makes that cheap). */
const PAGE_CACHE = 'no-cache';

const NOT_BUILT =
  'the web page is not built: run `pnpm build` (or `pnpm --filter @racelab/web build`) and restart the server';

/**
 * `GET /` (and `/?run={id}`) and `GET /assets/*`: the page built by `@racelab/web`, read once from
 * `root` on first use and served from memory.
 */
export function webPageRoutes(root?: string) {
  let loading: Promise<Map<string, WebFile>> | undefined;
  const files = () => {
    loading ??= Promise.resolve()
      .then(() => loadWebFiles(root ?? defaultWebRoot()))
      // No @racelab/web to be found (the API embedded elsewhere): no page, the API itself unharmed.
      .catch(() => new Map<string, WebFile>());
    return loading;
  };
  const app = new Hono();
  // Middleware on the GET routes only: on other methods the app answers 405, and a compress()
  // that ran first would label that plain JSON body as gzip.
  app.get('/', pageHeaders, etag(), compress(), async (c) => {
    const page = (await files()).get('index.html');
    if (!page) return c.json(errorBody('not_found', NOT_BUILT), 404);
    return c.body(page.body, 200, { 'Content-Type': page.contentType, 'Cache-Control': PAGE_CACHE });
  });

  app.get('/assets/*', pageHeaders, compress(), async (c) => {
    const asset = (await files()).get(c.req.path.slice(1));
    if (!asset) {
      const message = `no asset ${c.req.path} in this build of the page (reload the page: it may be older than the server)`;
      return c.json(errorBody('not_found', message), 404);
    }
    return c.body(asset.body, 200, { 'Content-Type': asset.contentType, 'Cache-Control': ASSET_CACHE });
  });
  return app;
}
