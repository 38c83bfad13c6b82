import {
  CONFIG_BOUNDS,
  DEFAULT_CONFIG,
  MAX_TOTAL_INCREMENTS,
  MAX_TRACED_INCREMENTS,
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

Options
  --strategy <name>   ${STRATEGIES.join(' | ')} (default ${DEFAULT_CONFIG.strategy}; not for compare)
  --workers <n>       worker threads (${bounds('workers')})
  --iterations <n>    increments per worker (${bounds('iterations')})
  --trials <n>        repetitions of the experiment (${bounds('trials')})
  --trace             run: record every read and show which update overwrote which (the lost
                      updates accounted for, the biggest rollbacks); --json carries each trial's trace
  --json              print exactly one JSON document: an ExperimentResult (compare: an array of them)
  -h, --help          show this help
  --version           print the version

workers × iterations may be at most ${formatCount(MAX_TOTAL_INCREMENTS)} (the shared counter is 32-bit),
and at most ${formatCount(MAX_TRACED_INCREMENTS)} with --trace (64 MiB of logs).
Numbers may be grouped: 100000, 100_000 and 100,000 are the same.

Strategies
${strategies.join('\n')}

Dashboard keys: r run again, s strategy, ↑/↓ workers, ←/→ iterations, t trials, c compare, q quit.
Exit codes: 0 done, 1 the run failed, 2 bad usage, 130 interrupted. NO_COLOR turns colour off.
`;
}
