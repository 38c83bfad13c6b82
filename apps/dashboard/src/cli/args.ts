import { flagProblem, parseFlags, parseNumber, UsageError } from '@racelab/command-line';
import { type ExperimentConfig, ExperimentConfigSchema, fieldIssues } from '@racelab/schema';

export type Command = 'dashboard' | 'run' | 'compare';

export interface CommandLine {
  command: Command;
  config: ExperimentConfig;
  /** Names of the config flags that were given; the dashboard skips its intro when there are any. */
  given: ConfigFlag[];
  json: boolean;
  help: boolean;
  version: boolean;
}

const CONFIG_FLAGS = ['strategy', 'workers', 'iterations', 'trials'] as const;
export type ConfigFlag = (typeof CONFIG_FLAGS)[number];

const OPTIONS = {
  strategy: { type: 'string' },
  workers: { type: 'string' },
  iterations: { type: 'string' },
  trials: { type: 'string' },
  trace: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const { values, positionals } = parseFlags({
    args: [...argv],
    options: OPTIONS,
    strict: true,
    allowPositionals: true,
  });
  const command = commandOf(positionals);
  const help = values.help === true;
  const version = values.version === true;
  const given = CONFIG_FLAGS.filter((flag) => values[flag] !== undefined);
  if (!help && !version) {
    if (command === 'compare' && values.strategy !== undefined) {
      throw new UsageError('--strategy does not apply to compare, which runs every strategy');
    }
    if (command === 'compare' && values.trace) {
      throw new UsageError(
        '--trace does not apply to compare: trace one strategy with racelab run --strategy S --trace',
      );
    }
    if (command === 'dashboard' && values.json) {
      throw new UsageError('--json needs a command: racelab run --json or racelab compare --json');
    }
  }
  const raw: Partial<Record<ConfigFlag, string>> = {};
  for (const flag of given) raw[flag] = values[flag];
  return {
    command,
    config: help || version ? configOf({}) : configOf(raw, values.trace === true),
    given,
    json: values.json === true,
    help,
    version,
  };
}

function commandOf(positionals: readonly string[]): Command {
  const [first, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`, { seeHelp: true });
  if (first === undefined) return 'dashboard';
  if (first === 'run' || first === 'compare') return first;
  throw new UsageError(`unknown command '${first}': expected run or compare`, { seeHelp: true });
}

/** Validation is the schema's: this only converts strings and renames fields to the flags users typed. */
function configOf(raw: Partial<Record<ConfigFlag, string>>, trace = false): ExperimentConfig {
  const input: Record<string, unknown> = {};
  for (const [flag, text] of Object.entries(raw)) input[flag] = flag === 'strategy' ? text : parseNumber(text);
  if (trace) input.trace = true;
  const parsed = ExperimentConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const text = fieldIssues(parsed.error)
    .map(({ field, message }) => flagIssueText(field, message, raw[field as ConfigFlag]))
    .join('; ');
  throw new UsageError(text);
}

/** The schema's message, said of the flag the user typed: `--workers must be an integer from 1 to 256 (got 0)`. */
function flagIssueText(field: string, message: string, given: string | undefined): string {
  if (message.startsWith('must')) return flagProblem(`--${field}`, message, given);
  return `--${field}: ${message}`;
}
