/**
 * `racelab run --server URL [--host NAME|all]`: queues the run(s) on a lab, follows each over its
 * event stream (progress on stderr when a person watches), and prints how each ended. Ctrl+C or
 * SIGTERM cancels the runs on the server (`DELETE /runs/{id}`), waits for them to stop, prints their
 * final states and exits 130 or 143; a second signal leaves at once.
 */
import type { ExperimentResult, ProgressSnapshot } from '@racelab/schema';
import { formatCount } from '@racelab/schema/format';
import { createParser } from 'eventsource-parser';
import type { LabCommandLine } from '../../cli/lab-args.js';
import { abortOnSignals, type SignalSource } from '../interrupt.js';
import { type CommandOutput, progressLine } from '../output.js';
import { authorization, request, type Server, ServerError } from './lab-http.js';
import { table } from './table.js';

export interface Run {
  id: string;
  status: string;
  host?: string;
  result?: ExperimentResult;
  error?: { code: string; message: string };
}

type Submitted = Run | { group: string; runs: Run[] };

/** A dropped event stream is reopened (from its last event) this many times before giving up. */
const STREAM_RETRIES = 8;

export async function remoteRun(
  line: Extract<LabCommandLine, { command: 'run' }>,
  output: CommandOutput,
  signals: SignalSource = process,
): Promise<number> {
  const server: Server = { url: line.server, token: line.token };
  const body = { ...line.config, ...(line.hosts === undefined ? {} : { hosts: line.hosts }) };
  const answer = await request<Submitted>(server, '/runs', { body });
  const submitted = 'runs' in answer ? answer.runs : [answer];
  const what = 'group' in answer ? `group ${answer.group} (${submitted.length} runs)` : `run ${submitted[0]?.id}`;
  output.stderr.write(`racelab: ${what} queued on ${server.url.origin}\n`);

  let forced: () => void = () => {};
  const leaveNow = new Promise<void>((resolve) => (forced = resolve));
  let signalsSeen = 0;
  const interrupt = abortOnSignals(() => {
    signalsSeen += 1;
    if (signalsSeen === 1) output.stderr.write(`\nracelab: cancelling on ${server.url.origin}… (again to leave now)\n`);
    else forced();
  }, signals);
  // Stops every follow: on a signal, or when one of them failed and the command ends.
  const following = new AbortController();
  interrupt.signal.addEventListener('abort', () => following.abort());
  const progress = progressLine(output);
  try {
    const shown = new Map<string, string>(submitted.map((run) => [run.id, `${run.host ?? 'any host'} queued`]));
    const show = (run: Run, text: string) => {
      shown.set(run.id, `${run.host ?? 'any host'} ${text}`);
      progress.update([...shown.values()].join(' · '));
    };
    const followed = await Promise.all(
      submitted.map((run) =>
        followRun(server, run.id, following.signal, (snapshot) => show(run, percentOf(snapshot))).catch((error) => {
          if (interrupt.signal.aborted) return undefined;
          throw error;
        }),
      ),
    );
    let runs = followed.filter((run): run is Run => run !== undefined);
    if (interrupt.exitCode !== undefined) {
      progress.clear();
      const cancelled = Promise.all(submitted.map((run) => cancelRun(server, run.id)));
      const left = await Promise.race([cancelled, leaveNow.then(() => undefined)]);
      if (left === undefined) {
        output.stderr.write('racelab: left without waiting: the runs may still be stopping on the server\n');
        return interrupt.exitCode;
      }
      runs = left;
    }
    progress.clear();
    printRuns(answer, runs, line.json, output);
    if (interrupt.exitCode !== undefined) return interrupt.exitCode;
    return runs.every((run) => run.status === 'completed') ? 0 : 1;
  } finally {
    following.abort();
    progress.clear();
    interrupt.dispose();
  }
}

/** Follows a run's event stream to its end (resuming after a drop), then reads the ended run. */
async function followRun(
  server: Server,
  id: string,
  signal: AbortSignal,
  onProgress: (snapshot: ProgressSnapshot) => void,
): Promise<Run> {
  let lastEventId: string | undefined;
  let ended = false;
  for (let attempt = 0; !ended; attempt++) {
    try {
      const response = await fetch(new URL(`/runs/${encodeURIComponent(id)}/events`, server.url), {
        headers: {
          accept: 'text/event-stream',
          ...authorization(server.token),
          ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
        },
        signal,
      });
      if (!response.ok || !response.body) {
        // The server's refusal, in its words.
        await request(server, `/runs/${encodeURIComponent(id)}/events`);
        throw new ServerError(`${server.url.origin} answered ${response.status} to the event stream of run ${id}`);
      }
      const parser = createParser({
        onEvent(event) {
          if (event.id !== undefined) lastEventId = event.id;
          if (event.event === 'progress') onProgress(JSON.parse(event.data) as ProgressSnapshot);
          else if (event.event === 'result' || event.event === 'error') ended = true;
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (ended) break;
      }
    } catch (error) {
      if (signal.aborted || error instanceof ServerError) throw error;
      if (attempt >= STREAM_RETRIES) {
        throw new ServerError(
          `lost the event stream of run ${id} on ${server.url.origin}: ${(error as Error).message}`,
        );
      }
    }
    if (!ended) await delay(Math.min(100 * 2 ** attempt, 2_000), signal);
  }
  return request<Run>(server, `/runs/${encodeURIComponent(id)}`, { signal });
}

/** Cancels a run on the server and answers its final state (one that ended meanwhile is just read). */
async function cancelRun(server: Server, id: string): Promise<Run> {
  const path = `/runs/${encodeURIComponent(id)}`;
  try {
    return await request<Run>(server, path, { method: 'DELETE' });
  } catch (error) {
    if (error instanceof ServerError && error.status === 409) return request<Run>(server, path);
    throw error;
  }
}

function printRuns(answer: Submitted, runs: readonly Run[], json: boolean, output: CommandOutput): void {
  if (json) {
    const results = runs.map((run) => run.result ?? { id: run.id, status: run.status, error: run.error });
    output.stdout.write(`${JSON.stringify('runs' in answer ? results : results[0], null, 2)}\n`);
    return;
  }
  const rows = runs.map((run) => {
    const summary = run.result?.summary;
    const runtime = run.result?.environment.runtime;
    return [
      run.host ?? '?',
      run.status,
      summary?.lostUpdates ? formatCount(summary.lostUpdates.median) : '',
      summary?.opsPerSecond ? formatCount(Math.round(summary.opsPerSecond.median)) : '',
      runtime ? `${runtime.name} ${runtime.version}` : '',
      run.error ? `${run.error.code}: ${run.error.message}` : '',
    ];
  });
  if ('group' in answer) output.stdout.write(`group ${answer.group}\n`);
  output.stdout.write(table(['host', 'status', 'lost (median)', 'ops/s (median)', 'runtime', 'error'], rows));
}

function percentOf(snapshot: ProgressSnapshot): string {
  const done = snapshot.trial * snapshot.expected + snapshot.completed;
  const whole = snapshot.trials * snapshot.expected;
  const percent = whole > 0 ? Math.min(100, Math.floor((done / whole) * 100)) : 0;
  return `trial ${snapshot.trial + 1}/${snapshot.trials} ${percent}%`;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
