#!/usr/bin/env node
/** `racelab-api`: parses flags and environment, then hands over to `startServer`. */
import { hostname } from 'node:os';
import { integerFlag, parseFlags, reportError, UsageError } from '@racelab/command-line';
import { integerRangeMessage } from '@racelab/schema';
import { defaultDatabasePath } from '@racelab/store';
import { bindProblem } from './bind-policy.js';
import { MIN_TOKEN_LENGTH } from './http/bearer-token.js';
import { logToStderr } from './http/request-log.js';
import { TrustedProxies } from './http/trusted-proxies.js';
import { LIMIT_SETTINGS } from './limit-settings.js';
import { type ApiLimits, DEFAULT_LIMITS, limitsProblem, resolveLimits } from './limits.js';
import { closeOnSignals, DEFAULT_HOST, DEFAULT_PORT, startServer } from './server.js';
import { parseStoreFlags, RETENTION_BOUNDS, STORE_FLAG_OPTIONS, startupExitCode } from './store/store-flags.js';

const flagColumn = (flag: string) => `  ${flag.padEnd(32)} `;
const limitLines = LIMIT_SETTINGS.map(
  ({ key, flag, env, help }) => `${flagColumn(`${flag} N`)}${help} (default ${DEFAULT_LIMITS[key]}; env ${env})`,
);

const HELP = `racelab-api — racelab's HTTP API (on Node, Bun or Deno: whichever runs this file)

Usage: racelab-api [options]

${flagColumn('--port N')}port to listen on (env PORT; default ${DEFAULT_PORT}; 0 = any free port)
${flagColumn('--host H')}address to bind (env HOST; default ${DEFAULT_HOST}); anything but
${flagColumn('')}loopback also needs --allow-remote and a token
${flagColumn('--allow-remote')}allow binding an address other machines can reach
${flagColumn('--token T')}require "Authorization: Bearer T" to start, cancel or record runs;
${flagColumn('')}repeat it for one token per user (env RACELAB_API_TOKEN, comma-separated;
${flagColumn('')}preferred: flags show in ps); ${MIN_TOKEN_LENGTH}+ characters each
${limitLines.join('\n')}
${flagColumn('--trust-proxy ADDRESSES')}proxies whose Forwarded / X-Forwarded-For name the client (for the
${flagColumn('')}per-client limits) and X-Forwarded-Proto the scheme: addresses and
${flagColumn('')}CIDR ranges, comma-separated (10.0.0.1, 10.0.0.0/8, fd00::/8, loopback,
${flagColumn('')}linklocal, uniquelocal; env RACELAB_API_TRUST_PROXY; default none:
${flagColumn('')}those headers are ignored from everyone)
${flagColumn('--database URL')}where runs are kept (env RACELAB_DATABASE_URL): a path or file: URL
${flagColumn('')}(SQLite), postgres://user@host/db (PostgreSQL), or none (memory only,
${flagColumn('')}--history runs); default ${defaultDatabasePath()}
${flagColumn('--keep-runs N')}prune all but the newest N ended runs, in the background
${flagColumn('')}(env RACELAB_API_KEEP_RUNS; ${integerRangeMessage(RETENTION_BOUNDS.keepRuns.min, RETENTION_BOUNDS.keepRuns.max).replace('must be ', '')}; default: keep all)
${flagColumn('--keep-days D')}prune ended runs older than D days, in the background
${flagColumn('')}(env RACELAB_API_KEEP_DAYS; ${integerRangeMessage(RETENTION_BOUNDS.keepDays.min, RETENTION_BOUNDS.keepDays.max).replace('must be ', '')}; default: keep all)
${flagColumn('--host-name NAME')}this server's label, stored with every run (env RACELAB_HOST_NAME;
${flagColumn('')}default the machine's name, here ${hostname()})
${flagColumn('--lease-seconds N')}in a lab (--database postgres://…): a host silent this long is lost,
${flagColumn('')}its running run fails host_lost (env RACELAB_LEASE_SECONDS; 1 to 3,600;
${flagColumn('')}default 10)
${flagColumn('--cors-origin O')}let web pages from origin O call the API (repeatable; * = any; default none)
${flagColumn('--quiet')}no request log on stderr
${flagColumn('-h, --help')}this help
`;

/** Each limit from its flag, else its environment variable, else undefined (the default). */
function parseLimits(values: Record<string, unknown>): Partial<ApiLimits> {
  const limits: Partial<ApiLimits> = {};
  for (const { key, flag, env, min, max } of LIMIT_SETTINGS) {
    const fromFlag = values[flag.slice(2)] as string | undefined;
    const value = integerFlag(fromFlag === undefined ? env : flag, fromFlag ?? process.env[env], min, max);
    if (value !== undefined) limits[key] = value;
  }
  const problem = limitsProblem(resolveLimits(limits));
  if (problem) throw new UsageError(problem);
  return limits;
}

/** `--trust-proxy` (repeatable, each comma-separated), else `RACELAB_API_TRUST_PROXY`; checked here so a typo exits 2. */
function parseTrustProxy(fromFlag: string[] | undefined): string[] | undefined {
  const [flag, list] =
    fromFlag === undefined
      ? [
          'RACELAB_API_TRUST_PROXY',
          process.env.RACELAB_API_TRUST_PROXY ? [process.env.RACELAB_API_TRUST_PROXY] : undefined,
        ]
      : ['--trust-proxy', fromFlag];
  if (list === undefined) return undefined;
  try {
    if (TrustedProxies.parse(list).isEmpty) throw new RangeError('needs at least one address or CIDR range');
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
  return list;
}

function parseCli(argv: string[]) {
  const { values } = parseFlags({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      ...Object.fromEntries(LIMIT_SETTINGS.map(({ flag }) => [flag.slice(2), { type: 'string' as const }])),
      'allow-remote': { type: 'boolean', default: false },
      token: { type: 'string', multiple: true },
      'cors-origin': { type: 'string', multiple: true },
      'trust-proxy': { type: 'string', multiple: true },
      ...STORE_FLAG_OPTIONS,
      'lease-seconds': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const host = (values.host as string | undefined) ?? (process.env.HOST || undefined);
  const tokens = (values.token as string[] | undefined) ?? (process.env.RACELAB_API_TOKEN || undefined)?.split(',');
  const allowRemote = values['allow-remote'] as boolean;
  if (!values.help) {
    for (const token of tokens ?? [undefined]) {
      const problem = bindProblem({ host: host ?? DEFAULT_HOST, allowRemote, token });
      if (problem) throw new UsageError(problem, { seeHelp: true });
    }
  }
  const port = values.port as string | undefined;
  const lease = values['lease-seconds'] as string | undefined;
  const leaseSeconds = integerFlag(
    lease === undefined ? 'RACELAB_LEASE_SECONDS' : '--lease-seconds',
    lease ?? process.env.RACELAB_LEASE_SECONDS,
    1,
    3_600,
  );
  return {
    trustProxy: parseTrustProxy(values['trust-proxy'] as string[] | undefined),
    leaseSeconds,
    help: values.help as boolean,
    quiet: values.quiet as boolean,
    port: integerFlag(port === undefined ? 'PORT' : '--port', port ?? process.env.PORT, 0, 65_535),
    host,
    allowRemote,
    tokens,
    corsOrigins: (values['cors-origin'] as string[] | undefined) ?? [],
    limits: parseLimits(values),
    store: parseStoreFlags(values),
  };
}

async function main(): Promise<void> {
  let cli: ReturnType<typeof parseCli>;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (error) {
    process.exit(reportError('racelab-api', error));
  }
  if (cli.help) {
    process.stdout.write(HELP);
    return;
  }
  const running = await startServer({
    ...cli.store,
    ...(cli.leaseSeconds === undefined ? {} : { leaseMs: cli.leaseSeconds * 1000 }),
    ...(cli.port === undefined ? {} : { port: cli.port }),
    ...(cli.host === undefined ? {} : { host: cli.host }),
    allowRemote: cli.allowRemote,
    token: cli.tokens,
    limits: cli.limits,
    corsOrigins: cli.corsOrigins,
    ...(cli.trustProxy === undefined ? {} : { trustProxy: cli.trustProxy }),
    log: cli.quiet ? false : logToStderr,
  });
  closeOnSignals(running, logToStderr);
  const guarded = cli.tokens === undefined ? '' : '; POST /runs, DELETE /runs/{id} and POST /results need the token';
  logToStderr(`racelab API listening on ${running.url} (${running.runtime}; docs: ${running.url}/docs${guarded})`);
  const { engine, location } = running.store;
  const kept =
    engine === 'memory'
      ? `in memory only (the last ${cli.limits.maxHistory ?? DEFAULT_LIMITS.maxHistory} ended)`
      : `in ${location} (${engine})`;
  logToStderr(`runs are kept ${kept}, as host ${running.hostName}`);
  if (running.lab) {
    logToStderr(
      `host ${running.hostName} joined the lab on ${location} (lease ${running.lab.leaseMs / 1000} s); GET /hosts lists its hosts`,
    );
  }
  if (running.interrupted > 0) {
    logToStderr(`${running.interrupted} runs left queued or running by the last stop are marked failed (interrupted)`);
  }
}

main().catch((error: unknown) => {
  const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? ' (choose another with --port or PORT)' : '';
  process.stderr.write(`racelab-api: ${error instanceof Error ? error.message : String(error)}${busy}\n`);
  // Another live host has this name: a bad --host-name, like any bad flag.
  const nameTaken = (error as { code?: unknown }).code === 'host_name_taken' ? 2 : undefined;
  process.exit(nameTaken ?? startupExitCode(error) ?? 1);
});
