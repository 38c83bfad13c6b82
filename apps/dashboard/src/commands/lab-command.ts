/** `racelab hosts` and `racelab run --server`: a lab's hosts, and runs on them, over its HTTP API. */
import type { ExperimentResult } from '@racelab/schema';
import { formatCount } from '@racelab/schema/format';
import type { LabCommandLine } from '../cli/lab-args.js';
import type { CommandOutput } from './output.js';

interface Host {
  name: string;
  cpus: number;
  cpuModel: string;
  runtime: string;
  state: string;
  lastSeenAt: string;
  running?: string;
  queued: number;
}

interface Run {
  id: string;
  status: string;
  host?: string;
  result?: ExperimentResult;
  error?: { code: string; message: string };
}

/** The server said no (4xx/5xx) or could not be reached: one line on stderr. */
class ServerError extends Error {
  constructor(
    message: string,
    /** The HTTP status, when the server answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export async function labCommand(line: LabCommandLine, output: CommandOutput): Promise<number> {
  try {
    return line.command === 'hosts' ? await hostsCommand(line, output) : await remoteRun(line, output);
  } catch (error) {
    if (!(error instanceof ServerError)) throw error;
    output.stderr.write(`racelab: ${error.message}\n`);
    // A value the server refused (an unknown host, a bad config) is bad usage, like a bad flag.
    return error.status === 400 ? 2 : 1;
  }
}

async function hostsCommand(line: Extract<LabCommandLine, { command: 'hosts' }>, output: CommandOutput) {
  const body = await request<{ hosts: Host[]; queuedForAnyHost: number }>(line.server, '/hosts', line.token);
  if (line.json) {
    output.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  const rows = body.hosts.map((host) => [
    host.name,
    host.state,
    String(host.cpus),
    host.runtime,
    String(host.queued),
    host.running ?? '',
    host.cpuModel,
  ]);
  output.stdout.write(table(['host', 'state', 'cpus', 'runtime', 'queued', 'running', 'cpu'], rows));
  output.stdout.write(`${body.queuedForAnyHost} queued for any host\n`);
  return 0;
}

async function remoteRun(line: Extract<LabCommandLine, { command: 'run' }>, output: CommandOutput) {
  const body = { ...line.config, ...(line.hosts === undefined ? {} : { hosts: line.hosts }) };
  const answer = await request<Run | { group: string; runs: Run[] }>(line.server, '/runs?wait=true', line.token, body);
  const runs = 'runs' in answer ? answer.runs : [answer];
  if (line.json) {
    const results = runs.map((run) => run.result ?? { id: run.id, status: run.status, error: run.error });
    output.stdout.write(`${JSON.stringify('runs' in answer ? results : results[0], null, 2)}\n`);
  } else {
    const rows = runs.map((run) => {
      const summary = run.result?.summary;
      return [
        run.host ?? '?',
        run.status,
        summary?.lostUpdates ? formatCount(summary.lostUpdates.median) : '',
        summary?.opsPerSecond ? formatCount(Math.round(summary.opsPerSecond.median)) : '',
        run.result?.environment.runtime
          ? `${run.result.environment.runtime.name} ${run.result.environment.runtime.version}`
          : '',
        run.error ? `${run.error.code}: ${run.error.message}` : '',
      ];
    });
    if ('group' in answer) output.stdout.write(`group ${answer.group}\n`);
    output.stdout.write(table(['host', 'status', 'lost (median)', 'ops/s (median)', 'runtime', 'error'], rows));
  }
  return runs.every((run) => run.status === 'completed') ? 0 : 1;
}

async function request<T>(server: URL, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const url = new URL(path, server);
  let response: Response;
  try {
    response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ServerError(`cannot reach ${server.origin}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServerError(`${server.origin} answered ${response.status} without JSON: is it a racelab server?`);
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } }).error;
    throw new ServerError(
      `${response.status} ${error?.code ?? 'error'}: ${error?.message ?? text.slice(0, 200)}`,
      response.status,
    );
  }
  return parsed as T;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    `${cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return line(headers) + rows.map(line).join('');
}
