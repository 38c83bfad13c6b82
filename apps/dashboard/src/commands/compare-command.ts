import { type ExperimentConfig, STRATEGIES } from '@racelab/schema';
import { compareReport } from '../format/compare-report.js';
import { paintFor } from '../format/paint.js';
import type { CommandOutput } from './output.js';
import { runExperiments } from './run-experiments.js';

/** `racelab compare`: every strategy on the same settings; `--json` prints them as one array. */
export async function compareCommand(config: ExperimentConfig, json: boolean, output: CommandOutput): Promise<number> {
  const configs = STRATEGIES.map((strategy) => ({ ...config, strategy }));
  const { results, exitCode } = await runExperiments(configs, output);
  output.stdout.write(
    json ? `${JSON.stringify(results, null, 2)}\n` : compareReport(results, paintFor(output.stdout, output.env)),
  );
  for (const result of results) {
    if (result.error) output.stderr.write(`racelab: ${result.config.strategy}: ${result.error.message}\n`);
  }
  return exitCode;
}
