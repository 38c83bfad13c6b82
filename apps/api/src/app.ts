import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { requireBearerToken } from './http/bearer-token.js';
import { type ClientAddress, identifyClient, resolveRemote } from './http/client-identity.js';
import { handleErrors, handleMethodNotAllowed, handleNotFound } from './http/error-handler.js';
import { limitBody } from './http/json-body.js';
import { type LogLine, logToStderr, requestLog } from './http/request-log.js';
import { createRouter } from './http/router.js';
import { strictTransportOnHttps } from './http/strict-transport.js';
import { TrustedProxies } from './http/trusted-proxies.js';
import type { Lab } from './lab/lab.js';
import { mountDocs } from './routes/docs.js';
import { healthRoutes } from './routes/health.js';
import { hostRoutes } from './routes/hosts.js';
import { resultRoutes } from './routes/results.js';
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
   * When set, starting (`POST /runs`), cancelling (`DELETE /runs/{id}`) and recording (`POST /results`) a run need
   * `Authorization: Bearer <token>` with one of them; reads stay open. Each token is its own client
   * for the per-client limits. None by default.
   */
  token?: string | readonly string[] | undefined;
  /** The connection's remote address, from the runtime's adapter: the per-client key without a token. */
  clientAddress?: ClientAddress;
  /**
   * Proxies (addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`) whose `Forwarded` /
   * `X-Forwarded-For` / `X-Forwarded-Proto` the app believes: from them, the client is the right-most
   * hop that is not one of them. From anyone else those headers are ignored. None by default.
   * Throws a `RangeError` on an entry that is neither an address nor a range.
   */
  trustProxy?: string | readonly string[] | undefined;
  /** Called as an event stream opens, for the adapter (Bun lifts its idle timeout there). */
  onEventStream?: (c: Context) => void;
  /** Set when this server is a host of a lab (PostgreSQL): runs queue lab-wide, `GET /hosts` lists the lab. */
  lab?: Lab | undefined;
  /** This server's host label, for `GET /hosts` without a lab (default: the queue's). */
  hostName?: string;
}

export function createApp({
  queue,
  log = logToStderr,
  corsOrigins = [],
  token,
  clientAddress = () => undefined,
  trustProxy,
  onEventStream,
  lab,
  hostName,
}: AppOptions) {
  const thisHost = hostName ?? queue.host ?? 'localhost';
  const trusted = trustProxy === undefined ? TrustedProxies.none : TrustedProxies.parse(trustProxy);
  const write: LogLine = log === false ? () => {} : log;
  const tokens = token === undefined ? [] : typeof token === 'string' ? [token] : [...token];
  const app = createRouter();
  app.use(requestId());
  app.use(requestLog(write));
  if (corsOrigins.length > 0) {
    const origin = corsOrigins.includes('*') ? '*' : corsOrigins;
    app.use(cors({ origin, exposeHeaders: ['Location', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id'] }));
  }
  app.use(resolveRemote(clientAddress, trusted));
  app.use(strictTransportOnHttps());
  app.use(secureHeaders({ strictTransportSecurity: false }));
  app.use(methodNotAllowed({ app, onMethodNotAllowed: handleMethodNotAllowed }));
  if (tokens.length > 0) {
    // Before the body limit: a caller without the token learns nothing about what it sent.
    const authorize = requireBearerToken(tokens);
    app.on('POST', '/runs', authorize);
    app.on('DELETE', '/runs/:id', authorize);
    app.on('POST', '/results', authorize);
  }
  app.use(identifyClient(tokens));
  // A result sent in may carry a trace (under 1 MiB); every other body is a small config.
  const smallBody = limitBody(queue.limits.maxBodyBytes);
  const resultBody = limitBody(queue.limits.maxResultBytes);
  app.use((c, next) => (c.req.path === '/results' ? resultBody : smallBody)(c, next));
  app.onError(handleErrors(write));
  app.notFound(handleNotFound);

  // More resources (the web page, say) mount here the same way: one sub-app each.
  const routes = app
    .route('/health', healthRoutes())
    .route('/strategies', strategyRoutes())
    .route('/runs', runRoutes(queue, onEventStream, lab, thisHost))
    .route('/results', resultRoutes(queue))
    .route('/hosts', hostRoutes(queue, lab, thisHost));

  mountDocs(app);
  app.route('/', webPageRoutes());
  return routes;
}

/** The API's routes as types: `hc<AppType>(url)` from `hono/client` gives a typed client. */
export type AppType = ReturnType<typeof createApp>;
