import { stat } from 'node:fs/promises';
import { join } from 'node:path';
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

/** How often the placeholder page reloads itself while the page is being built. */
const NOT_BUILT_REFRESH_SECONDS = 5;

const NOT_BUILT_MESSAGE =
  'the web page is not built yet: run `pnpm --filter @racelab/web build` (or start the server with `pnpm api`, which builds it first); the server serves it as soon as it exists, no restart needed';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${NOT_BUILT_REFRESH_SECONDS}">
<title>racelab: the page is not built yet</title>
<h1>The racelab page is not built yet</h1>
<p>The API is up (<a href="/docs">/docs</a>, <a href="/health">/health</a>), but the web page has not been built. From the repository, run:</p>
<pre>pnpm --filter @racelab/web build</pre>
<p>or start the server with <code>pnpm api</code>, which builds the page first. This page reloads itself every ${NOT_BUILT_REFRESH_SECONDS} seconds and becomes the racelab page as soon as it is built: no restart needed.</p>
</html>
`;

/**
 * The page that `@racelab/web` built, held in memory and reloaded when its `index.html` changes:
 * one `stat` per page load (and per asset the memory lacks), so a server started before the build,
 * or left running across a rebuild, serves the new page without a restart. While the build
 * folder is missing or half-written, the last complete page stays in memory.
 */
function builtPage(root: string | undefined) {
  let current: { stamp: string; files: Map<string, WebFile> } | undefined;
  let reloading: Promise<Map<string, WebFile>> | undefined;
  const indexStamp = async (folder: string) => {
    const info = await stat(join(folder, 'index.html')).catch(() => undefined);
    return info?.isFile() ? `${info.mtimeMs}:${info.size}` : undefined;
  };
  const refresh = async (): Promise<Map<string, WebFile>> => {
    let folder: string;
    try {
      folder = root ?? defaultWebRoot();
    } catch {
      // No @racelab/web to be found (the API embedded elsewhere): no page, the API itself unharmed.
      return new Map();
    }
    const stamp = await indexStamp(folder);
    if (stamp === undefined || stamp === current?.stamp) return current?.files ?? new Map();
    reloading ??= loadWebFiles(folder)
      .then((files) => {
        if (files.has('index.html')) current = { stamp, files };
        return current?.files ?? new Map<string, WebFile>();
      })
      .finally(() => {
        reloading = undefined;
      });
    return reloading;
  };
  return {
    /** The page as it is on disk now (one `stat`, and a reload when it changed). */
    refresh,
    /** One file: from memory, else from the disk if it changed since. */
    async file(key: string): Promise<WebFile | undefined> {
      return current?.files.get(key) ?? (await refresh()).get(key);
    },
  };
}

/**
 * `GET /` (and `/?run={id}`) and `GET /assets/*`: the page built by `@racelab/web`, served from
 * memory. Before it is built, `GET /` answers 503 with a short page saying how to build it: 503,
 * not 404 or 200, because the page does exist and is only unavailable for now (a 404 would tell
 * link checkers and the browser's history it is gone; a 200 would let a cache keep the placeholder
 * as the page), and browsers show a 503's body like any page. Clients that do not ask for HTML get
 * the same news in the contract's error body.
 */
export function webPageRoutes(root?: string) {
  const page = builtPage(root);
  const app = new Hono();
  // Middleware on the GET routes only: on other methods the app answers 405, and a compress()
  // that ran first would label that plain JSON body as gzip.
  app.get('/', pageHeaders, etag(), compress(), async (c) => {
    const index = (await page.refresh()).get('index.html');
    if (!index) {
      const headers = { 'Cache-Control': 'no-store', 'Retry-After': String(NOT_BUILT_REFRESH_SECONDS) };
      if (c.req.header('accept')?.includes('text/html')) return c.html(NOT_BUILT_PAGE, 503, headers);
      return c.json(errorBody('page_not_built', NOT_BUILT_MESSAGE), 503, headers);
    }
    return c.body(index.body, 200, { 'Content-Type': index.contentType, 'Cache-Control': PAGE_CACHE });
  });
  app.get('/assets/*', pageHeaders, compress(), async (c) => {
    const asset = await page.file(c.req.path.slice(1));
    if (!asset) {
      const message = `no asset ${c.req.path} in this build of the page (reload the page: it may be older than the server)`;
      return c.json(errorBody('not_found', message), 404);
    }
    return c.body(asset.body, 200, { 'Content-Type': asset.contentType, 'Cache-Control': ASSET_CACHE });
  });
  return app;
}
