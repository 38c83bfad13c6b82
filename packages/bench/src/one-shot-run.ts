/**
 * What `racelab run --strategy mutex --json` does, as a bare script (until the CLI exists): one
 * experiment on fresh threads, its result as JSON on stdout, exit. The bench times it start to exit.
 */
import { runExperiment } from '@racelab/core';

const result = await runExperiment({ strategy: 'mutex', workers: 10, iterations: 100_000 });
process.stdout.write(`${JSON.stringify(result)}\n`);
