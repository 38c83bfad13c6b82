/**
 * Whether a result sent in from elsewhere (a browser, `racelab run --submit`) holds together: the
 * schema says each field has the right type; this says the numbers agree with each other, as a
 * result racelab made always does. It cannot tell whether they are true: such runs are stored
 * `verified: false`. Every disagreement is one `FieldIssue`, its field a dotted path.
 */
import { summarize } from '@racelab/core/internal';
import type { ExperimentResult, FieldIssue, Stats } from '@racelab/schema';

/** Ids a result may carry: what a URL path and a log line can hold without escaping. */
const ID_PATTERN = /^[\w.~:-]{1,200}$/;
const LABEL_MAX = 200;

export function resultProblems(result: ExperimentResult, raw: unknown): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const { config, expected } = result;

  if (!ID_PATTERN.test(result.id)) problem('id', 'must be 1 to 200 letters, digits or . _ ~ : -');
  if (result.environment.host !== undefined && result.environment.host.length > LABEL_MAX) {
    problem('environment.host', `must be at most ${LABEL_MAX} characters`);
  }
  if (Date.parse(result.finishedAt) < Date.parse(result.startedAt))
    problem('finishedAt', 'must not be before startedAt');
  const workersTimesIterations = config.workers * config.iterations;
  if (expected !== workersTimesIterations) {
    problem('expected', `must equal workers × iterations (${workersTimesIterations}), got ${expected}`);
  }
  if (result.trials.length > config.trials) {
    problem('trials', `holds ${result.trials.length} trials, more than config.trials (${config.trials})`);
  } else if (result.status === 'completed' && result.trials.length !== config.trials) {
    problem('trials', `a completed run has config.trials (${config.trials}) trials, got ${result.trials.length}`);
  }
  for (const [index, trial] of result.trials.entries()) {
    const at = `trials.${index}`;
    if (trial.actual > expected) problem(`${at}.actual`, `must be at most expected (${expected}), got ${trial.actual}`);
    if (trial.lostUpdates !== expected - trial.actual) {
      problem(
        `${at}.lostUpdates`,
        `must equal expected − actual (${expected - trial.actual}), got ${trial.lostUpdates}`,
      );
    }
    if (result.status === 'completed' && trial.workers.length !== config.workers) {
      problem(`${at}.workers`, `must hold one entry per worker (${config.workers}), got ${trial.workers.length}`);
    }
    const trace = traceOf(raw, index);
    if (trace !== undefined && trace.repeatedReads + trace.readsAboveFinal !== trial.lostUpdates) {
      problem(
        `${at}.trace`,
        `repeatedReads + readsAboveFinal (${trace.repeatedReads + trace.readsAboveFinal}) must equal lostUpdates (${trial.lostUpdates})`,
      );
    }
  }
  if (problems.length > 0) return problems;

  // The summary racelab would have written for these trials, by the same function.
  const summary = summarize(result.trials, config.trials);
  if (result.summary.correct !== summary.correct) {
    problem('summary.correct', `must be ${summary.correct} for these trials`);
  }
  compareStats(problem, 'summary.lostUpdates', result.summary.lostUpdates, summary.lostUpdates);
  compareStats(problem, 'summary.opsPerSecond', result.summary.opsPerSecond, summary.opsPerSecond);
  return problems;
}

function compareStats(
  problem: (field: string, message: string) => void,
  field: string,
  given: Stats | null,
  expected: Stats | null,
): void {
  if (expected === null || given === null) {
    if (expected !== given)
      problem(field, expected === null ? 'must be null: no trial finished' : `must be ${JSON.stringify(expected)}`);
    return;
  }
  for (const key of ['min', 'median', 'max'] as const) {
    // Another runtime may round the last bit of a median differently; anything more is a mismatch.
    if (!closeEnough(given[key], expected[key])) {
      problem(`${field}.${key}`, `must be ${expected[key]} (the ${key} of the trials), got ${given[key]}`);
    }
  }
}

function closeEnough(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** A trial's trace counts from the body as sent (the schema may not know `trace` yet), when it has one. */
function traceOf(raw: unknown, index: number): { repeatedReads: number; readsAboveFinal: number } | undefined {
  const trials = (raw as { trials?: unknown } | null)?.trials;
  const trace = Array.isArray(trials) ? (trials[index] as { trace?: unknown } | null)?.trace : undefined;
  if (trace === undefined || trace === null || typeof trace !== 'object') return undefined;
  const { repeatedReads, readsAboveFinal } = trace as Record<string, unknown>;
  return {
    repeatedReads: typeof repeatedReads === 'number' ? repeatedReads : Number.NaN,
    readsAboveFinal: typeof readsAboveFinal === 'number' ? readsAboveFinal : Number.NaN,
  };
}
