#!/usr/bin/env node
import { reportError } from '@racelab/command-line';
import { parseCommandLine } from './cli/args.js';
import { helpText } from './cli/help.js';
import { packageVersion } from './cli/version.js';
import { compareCommand } from './commands/compare-command.js';
import { isInteractive } from './commands/dashboard.js';
import { processOutput } from './commands/output.js';
import { runCommand } from './commands/run-command.js';

async function main(argv: readonly string[]): Promise<number> {
  const line = parseCommandLine(argv);
  if (line.help || line.version) {
    process.stdout.write(line.help ? helpText(packageVersion()) : `${packageVersion()}\n`);
    return 0;
  }
  if (line.command === 'run') return runCommand(line.config, line.json, processOutput);
  if (line.command === 'compare') return compareCommand(line.config, line.json, processOutput);
  // Piped or in CI nobody watches an animation: print the plain summary of the same experiment.
  if (!isInteractive()) return runCommand(line.config, false, processOutput);
  const { launchDashboard } = await import('./commands/launch-dashboard.js');
  return launchDashboard(line.config, line.given.length === 0);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError('racelab', error);
  },
);
