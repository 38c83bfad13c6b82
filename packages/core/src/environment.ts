import { availableParallelism } from 'node:os';
import type { Environment } from '@racelab/schema';

export function currentEnvironment(): Environment {
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    cpus: availableParallelism(),
  };
}
