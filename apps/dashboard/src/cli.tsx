#!/usr/bin/env node
import { reportError } from '@racelab/command-line';
import { parseCommandLine } from './cli/args.js';
import { isInteractive } from './commands/dashboard.js';
import { processOutput } from './commands/output.js';

/**
 * Each path loads only its own modules: `racelab run --json` is timed start to exit against
 * Python, so it must not pay for the help text, the reports it does not print, or React and Ink.
 */
async function main(argv: readonly string[]): Promise<number> {
  // `racelab hosts`, `racelab run --server URL`: a lab's commands, parsed and run apart.
  const { isLabCommandLine } = await import('./cli/lab-args.js');
  if (isLabCommandLine(argv) && !argv.includes('--help') && !argv.includes('-h')) {
    const [{ parseLabCommandLine }, { labCommand }] = await Promise.all([
      import('./cli/lab-args.js'),
      import('./commands/lab/lab-command.js'),
    ]);
    return labCommand(parseLabCommandLine(argv, process.env), processOutput);
  }
  const line = parseCommandLine(argv, process.env);
  if (line.help || line.version) {
    const { packageVersion } = await import('./cli/version.js');
    if (line.version) {
      process.stdout.write(`${packageVersion()}\n`);
    } else {
      const { helpText } = await import('./cli/help.js');
      process.stdout.write(helpText(packageVersion()));
    }
    return 0;
  }
  if (line.command === 'history' && line.history) {
    const { historyCommand } = await import('./commands/notebook/history-command.js');
    return historyCommand(line.history, line.notebook.database, processOutput);
  }
  if (line.command === 'show') {
    const { showCommand } = await import('./commands/notebook/show-command.js');
    return showCommand(line.ids[0] ?? '', line.json, line.notebook.database, processOutput);
  }
  if (line.command === 'compare' && line.ids.length > 0) {
    const { compareRunsCommand } = await import('./commands/notebook/compare-runs-command.js');
    return compareRunsCommand(line.ids, line.json, line.notebook.database, processOutput);
  }
  if (line.command === 'compare') {
    const { compareCommand } = await import('./commands/compare-command.js');
    return compareCommand(line.config, { json: line.json, notebook: line.notebook }, processOutput);
  }
  // Piped or in CI nobody watches an animation: print the plain summary of the same experiment.
  if (line.command === 'run' || !isInteractive()) {
    const { runCommand } = await import('./commands/run-command.js');
    const json = line.command === 'run' && line.json;
    return runCommand(line.config, { json, notebook: line.notebook, submit: line.submit }, processOutput);
  }
  const { launchDashboard } = await import('./commands/launch-dashboard.js');
  return launchDashboard(line.config, line.given.length === 0, line.notebook);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError('racelab', error);
  },
);
