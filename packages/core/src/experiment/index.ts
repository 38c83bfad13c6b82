/**
 * The experiment, from the main thread: `ExperimentRunner` checks the config, takes workers from
 * the pool, runs each trial (a run session: start gate, progress sampling, timeouts, cancel) and
 * builds the result (statistics, fairness, failures). The only way in from the rest of the core.
 */
export { parseConfig } from './config.js';
export { currentEnvironment } from './environment.js';
export { ConfigError, RunAbortedError, RunnerClosedError } from './errors.js';
export { withFault } from './fault-option.js';
export type { RunOptions } from './run-options.js';
export { ExperimentRunner, type ExperimentRunnerOptions, runExperiment } from './runner.js';
export { median, stats, summarize } from './statistics.js';
export { type TraceProbe, type TraceProbeSample, withTraceProbe } from './trace-probe.js';
