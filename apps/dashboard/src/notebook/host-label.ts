import { hostname } from 'node:os';
import type { ExperimentResult } from '@racelab/schema';

/** The label a run is kept under: `--host-name`, else the machine's name. */
export function hostLabel(hostName: string | undefined): string {
  return hostName ?? (hostname() || 'localhost');
}

/** The result with `environment.host` set, unless the engine already named its host. */
export function withHost(result: ExperimentResult, host: string): ExperimentResult {
  if (result.environment.host !== undefined) return result;
  return { ...result, environment: { ...result.environment, host } };
}
