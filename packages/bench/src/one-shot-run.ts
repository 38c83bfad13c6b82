/**
 * What `racelab run --strategy mutex --json` does, without the CLI around it: one experiment on
 * fresh threads, its result as JSON on stdout, exit. Timed beside the CLI, it shows what the CLI's
 * own layer (argument parsing, its modules) adds.
 */
import { runExperiment } from '@racelab/core';

const result = await runExperiment({ strategy: 'mutex', workers: 10, iterations: 100_000 });
process.stdout.write(`${JSON.stringify(result)}\n`);
