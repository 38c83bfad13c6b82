import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { handleErrors, handleMethodNotAllowed, handleNotFound } from './http/error-handler.js';
import { limitBody } from './http/json-body.js';
import { type LogLine, logToStderr, requestLog } from './http/request-log.js';
import { createRouter } from './http/router.js';
import { mountDocs } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { runRoutes } from './routes/runs.js';
import { strategyRoutes } from './routes/strategies.js';
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
}

export function createApp({ queue, log = logToStderr, corsOrigins = [] }: AppOptions) {
  const write: LogLine = log === false ? () => {} : log;
  const app = createRouter();
  app.use(requestId());
  app.use(requestLog(write));
  if (corsOrigins.length > 0) {
    const origin = corsOrigins.includes('*') ? '*' : corsOrigins;
    app.use(cors({ origin, exposeHeaders: ['Location', 'Retry-After', 'X-Request-Id'] }));
  }
  app.use(secureHeaders());
  app.use(methodNotAllowed({ app, onMethodNotAllowed: handleMethodNotAllowed }));
  app.use(limitBody(queue.limits.maxBodyBytes));
  app.onError(handleErrors(write));
  app.notFound(handleNotFound);

  const routes = app
    .route('/health', healthRoutes())
    .route('/strategies', strategyRoutes())
    .route('/runs', runRoutes(queue));

  mountDocs(app);
  return routes;
}

/** The API's routes as types: `hc<AppType>(url)` from `hono/client` gives a typed client. */
export type AppType = ReturnType<typeof createApp>;
