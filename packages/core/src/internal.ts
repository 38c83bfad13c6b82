/**
 * `@racelab/core/internal`: for racelab's own packages and tests, not for users. Nothing here is
 * covered by semver; it may change in any release.
 */

import type { Environment } from '@racelab/schema';
import { threads } from '#threads';
import { currentEnvironment as environmentWith } from './experiment/index.js';

export {
  median,
  stats,
  summarize,
  type TraceProbe,
  type TraceProbeSample,
  withFault,
  withTraceProbe,
} from './experiment/index.js';
export { hasAtomicsPause, monotonicMs } from './shared/index.js';
export { workerExecArgv } from './threads/index.js';
export { analyzeTrace, FULL_DETAIL, type TraceAnalysis, type TraceDetail, traceDetailFor } from './trace/index.js';
export type { FaultPlan } from './trial/index.js';

/** The `environment` a result made in this thread would carry. */
export function currentEnvironment(): Environment {
  return environmentWith(threads.availableParallelism(), threads.cpuModel?.());
}

/** Which thread adapter this runtime loaded: `worker_threads` or `web-workers`. */
export const threadBackend: string = threads.name;
