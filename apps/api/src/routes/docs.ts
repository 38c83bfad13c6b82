import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { Env } from 'hono';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import { BEARER_SCHEME, bearerSecurityScheme } from '../http/openapi-responses.js';
import { buildOpenApiDocument } from '../openapi-document.js';

/** Scalar's own browser bundle, from the installed package: the reference works with no network. */
const SCALAR_BUNDLE = createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js');
// Its package.json is not among its exports; the bundle sits at dist/browser/ inside the package.
const SCALAR_VERSION = (
  JSON.parse(readFileSync(join(SCALAR_BUNDLE, '../../../package.json'), 'utf8')) as { version: string }
).version;
/** The version is in the name, so browsers keep the 3.5 MB bundle until the package changes. */
export const SCALAR_SCRIPT_PATH = `/docs/assets/scalar-api-reference-${SCALAR_VERSION}.js`;

/**
 * Scalar's page starts the reference from an inline script and styles itself inline, so those two
 * are allowed; every load and every request still goes to this server only.
 */
const docsHeaders = secureHeaders({
  strictTransportSecurity: false, // sent on https only, by the app
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-inline'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'", 'blob:'],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/**
 * `GET /openapi.json` and `GET /docs`. They read the whole app's route registry, so they hang off
 * the root app rather than a sub-app of their own. The document is built once, on first request:
 * the routes cannot change after start-up and building it takes ~100 ms.
 */
export function mountDocs<E extends Env>(app: OpenAPIHono<E>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', BEARER_SCHEME, bearerSecurityScheme);
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  app.get('/openapi.json', (c) => {
    document ??= buildOpenApiDocument(app);
    return c.json(document);
  });
  app.get(
    '/docs',
    docsHeaders,
    Scalar({
      url: '/openapi.json',
      pageTitle: 'racelab API',
      cdn: SCALAR_SCRIPT_PATH,
      // Scalar's default fonts come from its own CDN; the system's fonts need no network.
      withDefaultFonts: false,
      // Its AI agent, and its developer toolbar (Share, Deploy), both on by default for pages on
      // localhost, work through Scalar's servers.
      agent: { disabled: true },
      showDeveloperTools: 'never',
    }),
  );
  let bundle: Promise<Uint8Array<ArrayBuffer>> | undefined;
  app.get(SCALAR_SCRIPT_PATH, docsHeaders, compress(), async (c) => {
    bundle ??= readFile(SCALAR_BUNDLE).then((bytes) => new Uint8Array(bytes));
    return c.body(await bundle, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
}
