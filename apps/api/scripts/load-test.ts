/**
 * `pnpm --filter @racelab/api load -- --duration 60`: a bounded load test on 127.0.0.1 (see the
 * README); `--database FILE` keeps the runs in that SQLite file (default none: memory only); `-- --runs 100000 --workers 1 --iterations 1 --sse 2 --get-loops 1` soaks instead. Exits 1
 * when a check fails, 2 on a bad flag. Needs the core build (`pnpm build`).
 */
import { parseArgs } from 'node:util';
import { integerRangeMessage } from '@racelab/schema';
import { runLoad } from '../test/support/load-harness.js';
import { formatLoadReport } from '../test/support/load-report.js';

function count(name: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    process.stderr.write(`load-test: --${name} ${integerRangeMessage(min, max)}; got ${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  return parsed;
}

function parseFlags() {
  // pnpm passes a literal `--` through to the script: drop it.
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  try {
    return parseArgs({
      args,
      strict: true,
      options: {
        duration: { type: 'string' },
        runs: { type: 'string' },
        workers: { type: 'string', default: '4' },
        history: { type: 'string', default: '100' },
        warmup: { type: 'string' },
        sse: { type: 'string', default: '100' },
        'get-loops': { type: 'string', default: '8' },
        iterations: { type: 'string', default: '200000' },
        json: { type: 'boolean', default: false },
        database: { type: 'string', default: 'none' },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`load-test: ${(error as Error).message}\n`);
    process.exit(2);
  }
}

const values = parseFlags();
// Bounded either way: by --duration (default 60 s), or by --runs and then at most a day.
const runs = values.runs === undefined ? undefined : count('runs', values.runs, 1, 100_000_000);
const duration = values.duration ?? (runs === undefined ? '60' : '86400');
const report = await runLoad({
  durationMs: count('duration', duration, 1, 86_400) * 1000,
  ...(runs === undefined ? {} : { runs }),
  workers: count('workers', values.workers, 1, 256),
  history: count('history', values.history, 1, 100_000),
  ...(values.warmup === undefined ? {} : { warmupRuns: count('warmup', values.warmup, 0, 100_000_000) }),
  sseClients: count('sse', values.sse, 1, 1000),
  getLoops: count('get-loops', values['get-loops'], 0, 100),
  iterations: count('iterations', values.iterations, 1, 10_000_000),
  database: values.database,
});
process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatLoadReport(report));
process.exitCode = report.failures.length === 0 ? 0 : 1;
