import {
  CONFIG_BOUNDS,
  DEFAULT_CONFIG,
  MAX_TOTAL_INCREMENTS,
  STRATEGIES,
  STRATEGY_DESCRIPTIONS,
} from '@racelab/schema';
import { formatCount } from '../format/numbers.js';

function bounds(field: keyof typeof CONFIG_BOUNDS): string {
  const { min, max } = CONFIG_BOUNDS[field];
  return `${formatCount(min)} to ${formatCount(max)}, default ${formatCount(DEFAULT_CONFIG[field])}`;
}

/** Every flag with its default and bounds, read from the schema so the help can never drift from validation. */
export function helpText(version: string): string {
  const strategies = STRATEGIES.map((strategy) => `  ${strategy.padEnd(10)}${STRATEGY_DESCRIPTIONS[strategy]}`);
  return `racelab ${version}: show, measure and fix the shared-counter race with real threads

Usage
  racelab [options]                    live dashboard on a terminal; elsewhere a plain summary
  racelab run [options] [--json]       run one experiment and print its result
  racelab compare [options] [--json]   run every strategy on the same settings, side by side
  racelab run --server URL [--host NAME|all] [options] [--json] [--token T]
                                       run on a racelab server's lab: any host, named hosts
                                       (repeat --host), or every live host (--host all)
  racelab hosts --server URL [--json] [--token T]   the lab's hosts and what they are doing

Options
  --strategy <name>   ${STRATEGIES.join(' | ')} (default ${DEFAULT_CONFIG.strategy}; not for compare)
  --workers <n>       worker threads (${bounds('workers')})
  --iterations <n>    increments per worker (${bounds('iterations')})
  --trials <n>        repetitions of the experiment (${bounds('trials')})
  --json              print exactly one JSON document: an ExperimentResult (compare: an array of them)
  -h, --help          show this help
  --version           print the version

workers × iterations may be at most ${formatCount(MAX_TOTAL_INCREMENTS)} (the shared counter is 32-bit).
Numbers may be grouped: 100000, 100_000 and 100,000 are the same.

Strategies
${strategies.join('\n')}

Dashboard keys: r run again, s strategy, ↑/↓ workers, ←/→ iterations, t trials, c compare, q quit.
Exit codes: 0 done, 1 the run failed, 2 bad usage, 130 interrupted. NO_COLOR turns colour off.
`;
}
