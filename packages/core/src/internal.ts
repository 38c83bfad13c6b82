/**
 * `@racelab/core/internal`: for racelab's own packages and tests, not for users. Nothing here is
 * covered by semver; it may change in any release.
 */

import type { Environment } from '@racelab/schema';
import { threads } from '#threads';
import { currentEnvironment as environmentWith } from './environment.js';

export { monotonicMs } from './clock.js';
export { hasAtomicsPause } from './cpu-relax.js';
export { workerExecArgv } from './exec-argv.js';
export { withFault } from './fault-option.js';
export type { FaultPlan } from './faults.js';
export { median, stats, summarize } from './statistics.js';
export {
  analyzeTrace,
  FULL_DETAIL,
  type TraceAnalysis,
  type TraceDetail,
  type TraceProbe,
  type TraceProbeSample,
  traceDetailFor,
  withTraceProbe,
} from './trace/index.js';

/** The `environment` a result made in this thread would carry. */
export function currentEnvironment(): Environment {
  return environmentWith(threads.availableParallelism());
}

/** Which thread adapter this runtime loaded: `worker_threads` or `web-workers`. */
export const threadBackend: string = threads.name;
