import {
  CONFIG_BOUNDS,
  type ExperimentConfig,
  ExperimentConfigSchema,
  formatIssues,
  STRATEGIES,
  type Strategy,
} from '@racelab/schema';

/** Stops the arrow keys walk through: a few presses reach any interesting size, never an out-of-range one. */
const WORKER_STEPS = [1, 2, 4, 8, 10, 16, 32, 64, 128, 256];
const ITERATION_STEPS = [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];
const TRIAL_STEPS = [1, 5, 20];

type Field = 'workers' | 'iterations' | 'trials';

const STEPS: Record<Field, number[]> = {
  workers: WORKER_STEPS,
  iterations: ITERATION_STEPS,
  trials: TRIAL_STEPS,
};

function within(field: Field, value: number): boolean {
  return value >= CONFIG_BOUNDS[field].min && value <= CONFIG_BOUNDS[field].max;
}

/** The next stop up (`direction` 1) or down (-1) from `current`, which need not be a stop itself. */
export function step(field: Field, current: number, direction: 1 | -1): number {
  const stops = STEPS[field].filter((value) => within(field, value));
  const next = direction > 0 ? stops.find((value) => value > current) : stops.findLast((value) => value < current);
  return next ?? current;
}

/** Trials cycle, so one key covers them: 1 → 5 → 20 → 1. */
export function nextTrials(current: number): number {
  const next = step('trials', current, 1);
  return next === current ? (TRIAL_STEPS[0] ?? 1) : next;
}

export function nextStrategy(current: Strategy): Strategy {
  return STRATEGIES[(STRATEGIES.indexOf(current) + 1) % STRATEGIES.length] ?? current;
}

export type Change = { config: ExperimentConfig } | { problem: string };

/** Every change goes through the schema, so the dashboard obeys exactly the limits the CLI and API do. */
export function change(config: ExperimentConfig, update: Partial<ExperimentConfig>): Change {
  const parsed = ExperimentConfigSchema.safeParse({ ...config, ...update });
  return parsed.success ? { config: parsed.data } : { problem: formatIssues(parsed.error) };
}
