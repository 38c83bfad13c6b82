import type { ExperimentConfig } from '@racelab/schema';
import { paintFor } from '../format/paint.js';
import { runReport } from '../format/run-report.js';
import type { CommandOutput } from './output.js';
import { runExperiments } from './run-experiments.js';

/** `racelab run`: one experiment, a human report or exactly one JSON document on stdout. */
export async function runCommand(config: ExperimentConfig, json: boolean, output: CommandOutput): Promise<number> {
  const { results, exitCode } = await runExperiments([config], output);
  const result = results[0];
  if (!result) return exitCode;
  output.stdout.write(
    json ? `${JSON.stringify(result, null, 2)}\n` : runReport(result, paintFor(output.stdout, output.env)),
  );
  if (result.error) output.stderr.write(`racelab: ${result.error.message}\n`);
  return exitCode;
}
