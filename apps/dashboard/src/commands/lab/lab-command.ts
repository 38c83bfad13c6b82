/** `racelab hosts` and `racelab run --server`: a lab's hosts, and runs on them, over its HTTP API. */
import type { LabCommandLine } from '../../cli/lab-args.js';
import type { SignalSource } from '../interrupt.js';
import type { CommandOutput } from '../output.js';
import { request, ServerError } from './lab-http.js';
import { remoteRun } from './remote-run.js';
import { table } from './table.js';

interface Host {
  name: string;
  cpus: number;
  cpuModel: string;
  runtime: string;
  version: string;
  schemaVersion?: number;
  state: string;
  lastSeenAt: string;
  running?: string;
  queued: number;
}

export async function labCommand(
  line: LabCommandLine,
  output: CommandOutput,
  signals: SignalSource = process,
): Promise<number> {
  try {
    return line.command === 'hosts' ? await hostsCommand(line, output) : await remoteRun(line, output, signals);
  } catch (error) {
    if (!(error instanceof ServerError)) throw error;
    output.stderr.write(`racelab: ${error.message}\n`);
    // A value the server refused (an unknown host, a bad config) is bad usage, like a bad flag.
    return error.status === 400 ? 2 : 1;
  }
}

async function hostsCommand(line: Extract<LabCommandLine, { command: 'hosts' }>, output: CommandOutput) {
  const body = await request<{ hosts: Host[]; queuedForAnyHost: number }>(
    { url: line.server, token: line.token },
    '/hosts',
  );
  if (line.json) {
    output.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  const rows = body.hosts.map((host) => [
    host.name,
    host.state,
    String(host.cpus),
    host.runtime,
    host.version,
    host.schemaVersion === undefined ? '' : String(host.schemaVersion),
    String(host.queued),
    host.running ?? '',
    host.cpuModel,
  ]);
  output.stdout.write(
    table(['host', 'state', 'cpus', 'runtime', 'racelab', 'schema', 'queued', 'running', 'cpu'], rows),
  );
  output.stdout.write(`${body.queuedForAnyHost} queued for any host\n`);
  return 0;
}
