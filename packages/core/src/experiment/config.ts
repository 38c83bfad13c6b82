import { type ExperimentConfig, ExperimentConfigSchema, fieldIssues, formatIssues } from '@racelab/schema';
import { ConfigError } from './errors.js';

/** Applies defaults and checks bounds; throws a `ConfigError` naming each bad field. */
export function parseConfig(input: unknown = {}): ExperimentConfig {
  const parsed = ExperimentConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new ConfigError(`invalid experiment config: ${formatIssues(parsed.error)}`, fieldIssues(parsed.error));
  }
  return parsed.data;
}
