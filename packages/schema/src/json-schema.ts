import { z } from 'zod';
import { ExperimentConfigSchema } from './config.js';
import { ProgressSnapshotSchema } from './progress.js';
import { ExperimentResultSchema } from './result.js';

/** JSON Schema (draft 2020-12) of `ExperimentResult`, for validating racelab output without TypeScript. */
export function experimentResultJsonSchema() {
  return z.toJSONSchema(ExperimentResultSchema, { io: 'output', unrepresentable: 'any' });
}

/** JSON Schema of `ExperimentConfig` as accepted on input (every field optional). */
export function experimentConfigJsonSchema() {
  return z.toJSONSchema(ExperimentConfigSchema, { io: 'input', unrepresentable: 'any' });
}

export function progressSnapshotJsonSchema() {
  return z.toJSONSchema(ProgressSnapshotSchema, { io: 'output', unrepresentable: 'any' });
}
