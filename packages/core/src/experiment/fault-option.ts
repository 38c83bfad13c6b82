/**
 * Test-only: how a test asks a run to make one worker fail. Kept off the public `RunOptions` type:
 * tests call `withFault(options, plan)` from the `@racelab/core/internal` entry.
 */

import type { FaultPlan } from '../trial/index.js';
import type { RunOptions } from './run-options.js';

const FAULT_PLAN = Symbol.for('@racelab/core.faultPlan');

export function withFault(options: RunOptions, plan: FaultPlan): RunOptions {
  return { ...options, [FAULT_PLAN]: plan } as RunOptions;
}

export function faultPlanOf(options: RunOptions): FaultPlan | undefined {
  return (options as { [FAULT_PLAN]?: FaultPlan })[FAULT_PLAN];
}
