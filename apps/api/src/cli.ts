#!/usr/bin/env node
/** `racelab-api`: parses flags and environment, then hands over to `startServer`. */
import { integerFlag, parseFlags, reportError, UsageError } from '@racelab/command-line';
import { CONFIG_BOUNDS } from '@racelab/schema';
import { bindProblem } from './bind-policy.js';
import { MIN_TOKEN_LENGTH } from './http/bearer-token.js';
import { logToStderr } from './http/request-log.js';
import { DEFAULT_LIMITS } from './limits.js';
import { closeOnSignals, DEFAULT_HOST, DEFAULT_PORT, startServer } from './server.js';

const HELP = `racelab-api — racelab's HTTP API

Usage: racelab-api [options]

  --port N              port to listen on (env PORT; default ${DEFAULT_PORT}; 0 = any free port)
  --host H              address to bind (env HOST; default ${DEFAULT_HOST}); anything but
                        loopback also needs --allow-remote and a token
  --allow-remote        allow binding an address other machines can reach
  --token T             require "Authorization: Bearer T" to start or cancel runs (env
                        RACELAB_API_TOKEN, preferred: flags show in ps); ${MIN_TOKEN_LENGTH}+ characters
  --max-queued N        runs that may wait behind the running one (default ${DEFAULT_LIMITS.maxQueuedRuns})
  --max-increments N    ceiling on workers × iterations × trials (default ${DEFAULT_LIMITS.maxTotalIncrements})
  --max-workers N       ceiling on workers (threads) per run (default ${DEFAULT_LIMITS.maxWorkers})
  --run-timeout-ms N    wall time of one run before it fails with "timeout" (default ${DEFAULT_LIMITS.runTimeoutMs})
  --history N           finished runs kept in memory (default ${DEFAULT_LIMITS.maxHistory})
  --cors-origin O       let web pages from origin O call the API (repeatable; * = any; default none)
  --quiet               no request log on stderr
  -h, --help            this help
`;

function parseCli(argv: string[]) {
  const { values } = parseFlags({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'max-queued': { type: 'string' },
      'max-increments': { type: 'string' },
      'max-workers': { type: 'string' },
      'run-timeout-ms': { type: 'string' },
      history: { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
      token: { type: 'string' },
      'cors-origin': { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const host = values.host ?? (process.env.HOST || undefined);
  const token = values.token ?? (process.env.RACELAB_API_TOKEN || undefined);
  const allowRemote = values['allow-remote'];
  const problem = values.help ? undefined : bindProblem({ host: host ?? DEFAULT_HOST, allowRemote, token });
  if (problem) throw new UsageError(problem, { seeHelp: true });
  return {
    help: values.help,
    quiet: values.quiet,
    port: integerFlag(values.port === undefined ? 'PORT' : '--port', values.port ?? process.env.PORT, 0, 65_535),
    host,
    allowRemote,
    token,
    corsOrigins: values['cors-origin'] ?? [],
    limits: {
      maxQueuedRuns: integerFlag('--max-queued', values['max-queued'], 0, 10_000),
      maxTotalIncrements: integerFlag('--max-increments', values['max-increments'], 1, Number.MAX_SAFE_INTEGER),
      maxWorkers: integerFlag('--max-workers', values['max-workers'], 1, CONFIG_BOUNDS.workers.max),
      runTimeoutMs: integerFlag('--run-timeout-ms', values['run-timeout-ms'], 1, 2 ** 31 - 1),
      maxHistory: integerFlag('--history', values.history, 0, 100_000),
    },
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
    ...(cli.port === undefined ? {} : { port: cli.port }),
    ...(cli.host === undefined ? {} : { host: cli.host }),
    allowRemote: cli.allowRemote,
    token: cli.token,
    limits: cli.limits,
    corsOrigins: cli.corsOrigins,
    log: cli.quiet ? false : logToStderr,
  });
  closeOnSignals(running, logToStderr);
  const guarded = cli.token === undefined ? '' : '; POST /runs and DELETE /runs/{id} need the token';
  logToStderr(`racelab API listening on ${running.url} (docs: ${running.url}/docs${guarded})`);
}

main().catch((error: unknown) => {
  const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? ' (choose another with --port or PORT)' : '';
  process.stderr.write(`racelab-api: ${error instanceof Error ? error.message : String(error)}${busy}\n`);
  process.exit(1);
});
