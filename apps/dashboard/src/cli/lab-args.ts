/**
 * `racelab hosts --server URL` and `racelab run --server URL [--host NAME|all]…`: the commands that
 * talk to a racelab server's lab instead of running here. Parsed apart from the local commands so
 * each stays small; the config flags are validated by the same schema.
 */
import { flagProblem, parseFlags, parseNumber, UsageError } from '@racelab/command-line';
import { type ExperimentConfig, ExperimentConfigSchema, fieldIssues } from '@racelab/schema';

export type LabCommandLine =
  | { command: 'hosts'; server: URL; token: string | undefined; json: boolean }
  | {
      command: 'run';
      server: URL;
      token: string | undefined;
      json: boolean;
      config: Partial<ExperimentConfig>;
      /** Absent: any host. */
      hosts: string[] | 'all' | undefined;
    };

/** True when the command line is for a server: `racelab hosts …`, or any `--server` flag. */
export function isLabCommandLine(argv: readonly string[]): boolean {
  return argv[0] === 'hosts' || argv.some((arg) => arg === '--server' || arg.startsWith('--server='));
}

const CONFIG_FLAGS = ['strategy', 'workers', 'iterations', 'trials'] as const;

export function parseLabCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = {}): LabCommandLine {
  const { values, positionals } = parseFlags({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      host: { type: 'string', multiple: true },
      token: { type: 'string' },
      json: { type: 'boolean' },
      strategy: { type: 'string' },
      workers: { type: 'string' },
      iterations: { type: 'string' },
      trials: { type: 'string' },
      trace: { type: 'boolean' },
    },
  });
  const [command, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`, { seeHelp: true });
  if (command !== 'hosts' && command !== 'run') {
    throw new UsageError('--server goes with racelab run or racelab hosts', { seeHelp: true });
  }
  if (values.server === undefined) throw new UsageError(`racelab ${command} needs --server URL`);
  const server = serverUrl(values.server);
  const token = values.token ?? (env.RACELAB_API_TOKEN || undefined);
  const json = values.json === true;
  if (command === 'hosts') {
    const stray = [...CONFIG_FLAGS, 'host', 'trace'].find((flag) => values[flag as keyof typeof values] !== undefined);
    if (stray) throw new UsageError(`--${stray} does not apply to racelab hosts`);
    return { command, server, token, json };
  }
  return {
    command,
    server,
    token,
    json,
    config: configOf(values, values.trace === true),
    hosts: hostsOf(values.host),
  };
}

function serverUrl(text: string): URL {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // Said below.
  }
  throw new UsageError(flagProblem('--server', 'must be an http:// or https:// URL', text));
}

/** `--host all`, or one or more `--host NAME`; `all` does not mix with names. */
function hostsOf(given: string[] | undefined): string[] | 'all' | undefined {
  if (given === undefined) return undefined;
  if (given.includes('all')) {
    if (given.length > 1) throw new UsageError('--host all runs on every live host: give it alone');
    return 'all';
  }
  for (const name of given) {
    if (name.length === 0 || name.length > 200) {
      throw new UsageError(flagProblem('--host', 'must be a host name of 1 to 200 characters', name));
    }
  }
  return [...new Set(given)];
}

function configOf(
  values: Partial<Record<(typeof CONFIG_FLAGS)[number], string>>,
  trace: boolean,
): Partial<ExperimentConfig> {
  const input: Record<string, unknown> = {};
  for (const flag of CONFIG_FLAGS) {
    const text = values[flag];
    if (text !== undefined) input[flag] = flag === 'strategy' ? text : parseNumber(text);
  }
  if (trace) input.trace = true;
  const parsed = ExperimentConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new UsageError(
      fieldIssues(parsed.error)
        .map(({ field, message }) =>
          message.startsWith('must')
            ? flagProblem(`--${field}`, message, values[field as (typeof CONFIG_FLAGS)[number]])
            : `--${field}: ${message}`,
        )
        .join('; '),
    );
  }
  // Only what was given: the server fills in its own defaults.
  return input as Partial<ExperimentConfig>;
}
