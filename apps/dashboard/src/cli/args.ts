import { flagProblem, parseFlags, parseNumber, UsageError } from '@racelab/command-line';
import { type ExperimentConfig, ExperimentConfigSchema, fieldIssues } from '@racelab/schema';
import { flagIssueText } from './flag-issue.js';
import { type HistoryRequest, historyRequestOf } from './history-flags.js';

export type Command = 'dashboard' | 'run' | 'compare' | 'history' | 'show';

/** Where runs are kept and under which name this machine signs them. */
export interface NotebookFlags {
  /** false after `--no-save`. */
  save: boolean;
  /** `--database`; unset means `RACELAB_DATABASE_URL`, else the default SQLite file. */
  database?: string;
  /** `--host-name`; unset means the machine's name. */
  hostName?: string;
}

export interface SubmitFlags {
  url: string;
  token?: string;
}

export interface CommandLine {
  command: Command;
  config: ExperimentConfig;
  /** Names of the config flags that were given; the dashboard skips its intro when there are any. */
  given: ConfigFlag[];
  json: boolean;
  help: boolean;
  version: boolean;
  /** Stored run ids: one for `show`, two or more for `compare ID ID…`. */
  ids: string[];
  notebook: NotebookFlags;
  /** `run … --submit URL`: record the result on a racelab server too. */
  submit?: SubmitFlags;
  /** `history`: what to list and how to print it. */
  history?: HistoryRequest;
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
  csv: { type: 'boolean' },
  ndjson: { type: 'boolean' },
  'no-save': { type: 'boolean' },
  database: { type: 'string' },
  'host-name': { type: 'string' },
  submit: { type: 'string' },
  token: { type: 'string' },
  status: { type: 'string' },
  runtime: { type: 'string' },
  host: { type: 'string' },
  source: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type Flag = keyof typeof OPTIONS;
/** `compare ID ID…` takes other flags than `compare` of strategies. */
type Shape = Command | 'compare-ids';

const RUN_FLAGS: Flag[] = [...CONFIG_FLAGS, 'no-save', 'database', 'host-name'];
const FILTER_FLAGS: Flag[] = ['strategy', 'status', 'runtime', 'host', 'source', 'since', 'until', 'limit'];

/** Which flags each command takes; any other is refused by name, so a typo never silently does nothing. */
const ALLOWED: Record<Shape, readonly Flag[]> = {
  dashboard: [...RUN_FLAGS, 'trace'],
  run: [...RUN_FLAGS, 'trace', 'json', 'submit', 'token'],
  compare: [...RUN_FLAGS.filter((flag) => flag !== 'strategy'), 'json'],
  'compare-ids': ['json', 'database'],
  history: [...FILTER_FLAGS, 'json', 'csv', 'ndjson', 'database'],
  show: ['json', 'database'],
};

const USES: Partial<Record<Flag, string>> = {
  strategy: 'run, history and the dashboard (compare runs every strategy)',
  trace: 'run and the dashboard',
  json: 'run, compare, history and show',
  submit: 'run',
  token: 'run --submit',
  'no-save': 'run, compare and the dashboard',
  'host-name': 'run, compare and the dashboard',
  database: 'run, compare, history, show and the dashboard',
};

/** `env` supplies `RACELAB_API_TOKEN`, the token `--submit` sends when `--token` is not given. */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CommandLine {
  const { values, positionals } = parseFlags({
    args: [...argv],
    options: OPTIONS,
    strict: true,
    allowPositionals: true,
  });
  const help = values.help === true;
  const version = values.version === true;
  const command = commandOf(positionals);
  const ids = positionals.slice(1);
  const given = CONFIG_FLAGS.filter((flag) => values[flag] !== undefined);
  const notebook: NotebookFlags = { save: values['no-save'] !== true };
  if (values.database !== undefined) notebook.database = nonEmpty('--database', values.database);
  if (values['host-name'] !== undefined) notebook.hostName = nonEmpty('--host-name', values['host-name']);
  const line: CommandLine = {
    command,
    config: configOf({}),
    given,
    json: values.json === true,
    help,
    version,
    ids,
    notebook,
  };
  if (help || version) return line;

  const shape: Shape = command === 'compare' && ids.length > 0 ? 'compare-ids' : command;
  checkPositionals(shape, ids);
  checkFlags(shape, values);
  if (shape === 'history') {
    line.history = historyRequestOf(values);
    return line;
  }
  if (shape === 'run' || shape === 'compare' || shape === 'dashboard') {
    const raw: Partial<Record<ConfigFlag, string>> = {};
    for (const flag of given) raw[flag] = values[flag];
    line.config = configOf(raw, values.trace === true);
  }
  if (values.submit !== undefined) {
    line.submit = submitOf(values.submit, values.token);
    const fromEnv = env.RACELAB_API_TOKEN?.trim();
    if (line.submit.token === undefined && fromEnv) line.submit.token = fromEnv;
  } else if (values.token !== undefined) throw new UsageError('--token goes with --submit URL');
  return line;
}

function commandOf(positionals: readonly string[]): Command {
  const [first] = positionals;
  if (first === undefined) return 'dashboard';
  if (first === 'run' || first === 'compare' || first === 'history' || first === 'show') return first;
  throw new UsageError(`unknown command '${first}': expected run, compare, history or show`, { seeHelp: true });
}

function checkPositionals(shape: Shape, ids: readonly string[]): void {
  if (shape === 'show' && ids.length !== 1) {
    throw new UsageError(
      ids.length === 0 ? 'show needs a run id (racelab history lists them)' : `unexpected argument '${ids[1]}'`,
      { seeHelp: ids.length > 1 },
    );
  }
  if (shape === 'compare-ids' && ids.length < 2) {
    throw new UsageError('compare needs two or more run ids, or none to run every strategy');
  }
  if (shape !== 'show' && shape !== 'compare-ids' && ids[0] !== undefined) {
    throw new UsageError(`unexpected argument '${ids[0]}'`, { seeHelp: true });
  }
}

function checkFlags(shape: Shape, values: Partial<Record<Flag, unknown>>): void {
  const allowed = ALLOWED[shape];
  for (const flag of Object.keys(values) as Flag[]) {
    if (values[flag] === undefined || flag === 'help' || flag === 'version' || allowed.includes(flag)) continue;
    throw new UsageError(misplaced(shape, flag));
  }
  const formats = (['json', 'csv', 'ndjson'] as const).filter((flag) => values[flag] === true);
  if (formats.length > 1)
    throw new UsageError(`choose one output format: ${formats.map((f) => `--${f}`).join(' or ')}`);
}

function misplaced(shape: Shape, flag: Flag): string {
  if (shape === 'compare' && flag === 'strategy') {
    return '--strategy does not apply to compare, which runs every strategy';
  }
  if (shape === 'compare' && flag === 'trace') {
    return '--trace does not apply to compare: trace one strategy with racelab run --strategy S --trace';
  }
  if (shape === 'run' && flag === 'host') {
    return '--host needs --server URL: racelab run --server URL --host NAME|all runs on a lab';
  }
  if (shape === 'dashboard' && flag === 'json') {
    return '--json needs a command: racelab run --json or racelab compare --json';
  }
  if (shape === 'compare-ids') return `--${flag} does not apply to compare ID ID…, which shows stored runs`;
  const where = USES[flag] ?? (FILTER_FLAGS.includes(flag) || flag === 'csv' || flag === 'ndjson' ? 'history' : 'run');
  const name = shape === 'dashboard' ? 'the dashboard' : shape;
  return `--${flag} does not apply to ${name}; it is for ${where}`;
}

function nonEmpty(flag: string, text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new UsageError(`${flag} needs a value`);
  return trimmed;
}

function submitOf(text: string, token: string | undefined): SubmitFlags {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(flagProblem('--submit', 'must be an http:// or https:// URL of a racelab server', text));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(flagProblem('--submit', 'must be an http:// or https:// URL of a racelab server', text));
  }
  const submit: SubmitFlags = { url: url.href };
  if (token !== undefined) submit.token = nonEmpty('--token', token);
  return submit;
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
