import type { ExperimentConfig } from '@racelab/schema';
import type { CommandOutput } from './output.js';
import { runExperiments } from './run-experiments.js';

/** `racelab run`: one experiment, a human report or exactly one JSON document on stdout. */
export async function runCommand(config: ExperimentConfig, json: boolean, output: CommandOutput): Promise<number> {
  const { results, exitCode } = await runExperiments([config], output);
  const result = results[0];
  if (!result) return exitCode;
  if (json) {
    output.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    // The report's formatting is loaded only for people, not for `--json`.
    const [{ runReport }, { paintFor }] = await Promise.all([
      import('../format/run-report.js'),
      import('../format/paint.js'),
    ]);
    output.stdout.write(runReport(result, paintFor(output.stdout, output.env)));
  }
  if (result.error) output.stderr.write(`racelab: ${result.error.message}\n`);
  return exitCode;
}
