import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { Env } from 'hono';
import { BEARER_SCHEME, bearerSecurityScheme } from '../http/openapi-responses.js';
import { openApiDocumentInfo } from '../openapi-document.js';

/**
 * `GET /openapi.json` and `GET /docs`. They read the whole app's route registry, so they hang off
 * the root app rather than a sub-app of their own. The document is built once, on first request:
 * the routes cannot change after start-up and building it takes ~100 ms.
 */
export function mountDocs<E extends Env>(app: OpenAPIHono<E>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', BEARER_SCHEME, bearerSecurityScheme);
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  app.get('/openapi.json', (c) => {
    document ??= app.getOpenAPI31Document(openApiDocumentInfo);
    return c.json(document);
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'racelab API' }));
}
