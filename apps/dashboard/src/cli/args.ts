import { parseArgs } from 'node:util';
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

/** Bad usage: the CLI prints the message as one line and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const CONFIG_FLAGS = ['strategy', 'workers', 'iterations', 'trials'] as const;
export type ConfigFlag = (typeof CONFIG_FLAGS)[number];

const OPTIONS = {
  strategy: { type: 'string' },
  workers: { type: 'string' },
  iterations: { type: 'string' },
  trials: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const { values, positionals } = parseStrict(argv);
  const command = commandOf(positionals);
  const help = values.help === true;
  const version = values.version === true;
  const given = CONFIG_FLAGS.filter((flag) => values[flag] !== undefined);
  if (!help && !version) {
    if (command === 'compare' && values.strategy !== undefined) {
      throw new UsageError('--strategy does not apply to compare, which runs every strategy');
    }
    if (command === 'dashboard' && values.json) {
      throw new UsageError('--json needs a command: racelab run --json or racelab compare --json');
    }
  }
  const raw: Partial<Record<ConfigFlag, string>> = {};
  for (const flag of given) raw[flag] = values[flag];
  return {
    command,
    config: help || version ? configOf({}) : configOf(raw),
    given,
    json: values.json === true,
    help,
    version,
  };
}

function parseStrict(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(parseErrorText(error));
  }
}

/** node:util's messages are long and mention positional tricks; keep the part a user acts on. */
function parseErrorText(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option} (see racelab --help)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (message.includes('ambiguous'))
      return `${option} needs a value (a value starting with '-' goes as ${option}=-N)`;
    return message.includes('argument missing') ? `${option} needs a value` : `${option} takes no value`;
  }
  return message.split('\n')[0] ?? message;
}

function commandOf(positionals: readonly string[]): Command {
  const [first, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}' (see racelab --help)`);
  if (first === undefined) return 'dashboard';
  if (first === 'run' || first === 'compare') return first;
  throw new UsageError(`unknown command '${first}': expected run or compare (see racelab --help)`);
}

/** `100000`, `100_000` and `100,000` all mean the same number of increments. */
function toNumber(text: string): number {
  const digits = /^\d{1,3}([_,]\d{3})+$/.test(text.trim()) ? text.replace(/[_,]/g, '') : text;
  return digits.trim() === '' ? Number.NaN : Number(digits);
}

/** Validation is the schema's: this only converts strings and renames fields to the flags users typed. */
function configOf(raw: Partial<Record<ConfigFlag, string>>): ExperimentConfig {
  const input: Record<string, unknown> = {};
  for (const [flag, text] of Object.entries(raw)) input[flag] = flag === 'strategy' ? text : toNumber(text);
  const parsed = ExperimentConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const text = fieldIssues(parsed.error)
    .map(({ field, message }) => flagIssueText(field, message, raw[field as ConfigFlag]))
    .join('; ');
  throw new UsageError(text);
}

function flagIssueText(field: string, message: string, given: string | undefined): string {
  const got = given === undefined ? '' : ` (got ${JSON.stringify(given).slice(1, -1) || "''"})`;
  if (message.startsWith('must')) return `--${field} ${message}${got}`;
  return `--${field}: ${message}`;
}
