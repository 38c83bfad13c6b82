import {
  configErrorCode,
  type ExperimentConfig,
  ExperimentConfigSchema,
  fieldIssues,
  formatIssues,
} from '@racelab/schema';
import { ConfigError } from './errors.js';

/** Applies defaults and checks bounds; throws a `ConfigError` naming each bad field. */
export function parseConfig(input: unknown = {}): ExperimentConfig {
  const parsed = ExperimentConfigSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const { error } = parsed;
    throw new ConfigError(
      `invalid experiment config: ${formatIssues(error)}`,
      fieldIssues(error),
      configErrorCode(error),
    );
  }
  return parsed.data;
}
