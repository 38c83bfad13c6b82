import {
  CONFIG_BOUNDS,
  DEFAULT_CONFIG,
  MAX_TOTAL_INCREMENTS,
  MAX_TRACED_INCREMENTS,
  RUN_PAGE_BOUNDS,
  RUN_SOURCES,
  STRATEGIES,
  STRATEGY_INFO,
} from '@racelab/schema';
import { formatCount } from '@racelab/schema/format';

function bounds(field: keyof typeof CONFIG_BOUNDS): string {
  const { min, max } = CONFIG_BOUNDS[field];
  return `${formatCount(min)} to ${formatCount(max)}, default ${formatCount(DEFAULT_CONFIG[field])}`;
}

/** Every flag with its default and bounds, read from the schema so the help can never drift from validation. */
export function helpText(version: string): string {
  const strategies = STRATEGIES.map((strategy) => `  ${strategy.padEnd(10)}${STRATEGY_INFO[strategy].description}`);
  return `racelab ${version}: show, measure and fix the shared-counter race with real threads

Usage
  racelab [options]                    live dashboard on a terminal; elsewhere a plain summary
  racelab run [options] [--json]       run one experiment and print its result
  racelab compare [options] [--json]   run every strategy on the same settings, side by side
  racelab history [filters] [--json | --csv | --ndjson]   the kept runs, newest first
  racelab show ID [--json]             one kept run: its report, source, host and whether verified
  racelab compare ID ID… [--json]      kept runs side by side
  racelab run --server URL [--host NAME|all] [options] [--json] [--token T]
                                       run on a racelab server's lab: any host, named hosts
                                       (repeat --host), or every live host (--host all);
                                       Ctrl+C cancels the runs there
  racelab hosts --server URL [--json] [--token T]   the lab's hosts and what they are doing

Options
  --strategy <name>   ${STRATEGIES.join(' | ')} (default ${DEFAULT_CONFIG.strategy}; not for compare)
  --workers <n>       worker threads (${bounds('workers')})
  --iterations <n>    increments per worker (${bounds('iterations')})
  --trials <n>        repetitions of the experiment (${bounds('trials')})
  --trace             run: record every read and show which update overwrote which (the lost
                      updates accounted for, the biggest rollbacks); --json carries each trial's trace;
                      with --server the lab's hosts trace their runs
  --json              print exactly one JSON document: an ExperimentResult (compare: an array of them)
  -h, --help          show this help
  --version           print the version

Where runs are kept (run, compare and the dashboard keep every run; history, show and compare ID read them)
  --database <url>    a file path or file: URL (SQLite), postgres://… (shared), or none (keep nothing);
                      default $RACELAB_DATABASE_URL, else ${'$'}XDG_DATA_HOME/racelab/racelab.db
                      (~/.local/share/racelab/racelab.db)
  --no-save           keep nothing of this command's runs
  --host-name <name>  the host label runs are kept under (default: this machine's name)
  --submit <url>      run: also record the result on a racelab server (POST <url>/results)
  --token <token>     the server's token for --submit or --server (default $RACELAB_API_TOKEN)

History filters (the API's GET /runs takes the same)
  --strategy <name>   --status queued|running|completed|failed|cancelled
  --runtime node|bun|deno|browser   --host <label>   --source ${RUN_SOURCES.join('|')}
  --since <time>      --until <time>   an ISO 8601 date or time (2026-12-03, 2026-12-03T12:00:00Z)
  --limit <n>         runs in the table or --json (${RUN_PAGE_BOUNDS.min} to ${RUN_PAGE_BOUNDS.max}, default ${RUN_PAGE_BOUNDS.default});
                      --csv and --ndjson print every match unless given

workers × iterations may be at most ${formatCount(MAX_TOTAL_INCREMENTS)} (the shared counter is 32-bit),
and at most ${formatCount(MAX_TRACED_INCREMENTS)} with --trace (64 MiB of logs).
Numbers may be grouped: 100000, 100_000 and 100,000 are the same.

Strategies
${strategies.join('\n')}

Dashboard keys: r run again, s strategy, ↑/↓ workers, ←/→ iterations, t trials, c compare,
x trace the next runs (on/off), v the latest trace, h the kept runs (↑/↓ pick, Enter runs one
again, Esc back), q quit.
Exit codes: 0 done, 1 the run failed, 2 bad usage, 130 interrupted. NO_COLOR turns colour off.
`;
}
