import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { requireBearerToken } from './http/bearer-token.js';
import { handleErrors, handleMethodNotAllowed, handleNotFound } from './http/error-handler.js';
import { limitBody } from './http/json-body.js';
import { type LogLine, logToStderr, requestLog } from './http/request-log.js';
import { createRouter } from './http/router.js';
import { mountDocs } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { runRoutes } from './routes/runs.js';
import { strategyRoutes } from './routes/strategies.js';
import { webPageRoutes } from './routes/web.js';
import type { RunQueue } from './runs/run-queue.js';

export interface AppOptions {
  /** The queue runs go to; whoever creates it closes it (see `startServer`). */
  queue: RunQueue;
  /** Where request lines and internal errors go; `false` silences them (tests). Default: stderr. */
  log?: LogLine | false;
  /**
   * Web origins allowed to call the API from a browser (`['*']` for any). None by default: any page
   * you visit could otherwise start CPU-heavy runs on your machine.
   */
  corsOrigins?: string[];
  /**
   * When set, starting (`POST /runs`) and cancelling (`DELETE /runs/{id}`) a run need
   * `Authorization: Bearer <token>`; reads stay open. None by default.
   */
  token?: string | undefined;
}

export function createApp({ queue, log = logToStderr, corsOrigins = [], token }: AppOptions) {
  const write: LogLine = log === false ? () => {} : log;
  const app = createRouter();
  app.use(requestId());
  app.use(requestLog(write));
  if (corsOrigins.length > 0) {
    const origin = corsOrigins.includes('*') ? '*' : corsOrigins;
    app.use(cors({ origin, exposeHeaders: ['Location', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id'] }));
  }
  app.use(secureHeaders());
  app.use(methodNotAllowed({ app, onMethodNotAllowed: handleMethodNotAllowed }));
  if (token !== undefined) {
    // Before the body limit: a caller without the token learns nothing about what it sent.
    const authorize = requireBearerToken(token);
    app.on('POST', '/runs', authorize);
    app.on('DELETE', '/runs/:id', authorize);
  }
  app.use(limitBody(queue.limits.maxBodyBytes));
  app.onError(handleErrors(write));
  app.notFound(handleNotFound);

  const routes = app
    .route('/health', healthRoutes())
    .route('/strategies', strategyRoutes())
    .route('/runs', runRoutes(queue));

  mountDocs(app);
  app.route('/', webPageRoutes());
  return routes;
}

/** The API's routes as types: `hc<AppType>(url)` from `hono/client` gives a typed client. */
export type AppType = ReturnType<typeof createApp>;
