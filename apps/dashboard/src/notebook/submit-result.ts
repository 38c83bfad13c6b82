import type { ExperimentResult } from '@racelab/schema';
import type { SubmitFlags } from '../cli/args.js';
import type { CommandOutput } from '../commands/output.js';

/** Long enough for a loaded server to answer, short enough that a dead one does not hold the terminal. */
const SUBMIT_TIMEOUT_MS = 30_000;

/** `http://lab:8787` and `http://lab:8787/racelab/` both get `/results` under them. */
export function resultsUrl(server: string): URL {
  return new URL('results', server.endsWith('/') ? server : `${server}/`);
}

/**
 * Records the result on a racelab server (`POST /results`) and says, in one line on stderr, the id
 * it was stored under or why not. Never throws: the run is done and printed whatever the server says.
 */
export async function submitResult(
  result: ExperimentResult,
  submit: SubmitFlags,
  output: CommandOutput,
): Promise<void> {
  const url = resultsUrl(submit.url);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (submit.token !== undefined) headers.authorization = `Bearer ${submit.token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(result),
      signal: AbortSignal.timeout(SUBMIT_TIMEOUT_MS),
    });
  } catch (error) {
    output.stderr.write(`racelab: not submitted: cannot reach ${url.origin} (${networkReason(error)})\n`);
    return;
  }
  const body = await response.json().catch(() => undefined);
  if (response.status === 201) {
    const id = (body as { id?: unknown } | undefined)?.id;
    output.stderr.write(`racelab: submitted to ${url.origin} as ${typeof id === 'string' ? id : result.id}\n`);
    return;
  }
  output.stderr.write(
    `racelab: not submitted: ${url.origin} answered ${response.status} ${serverReason(body, response)}\n`,
  );
}

function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer in ${SUBMIT_TIMEOUT_MS / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** The contract's error body (`{ error: { code, message } }`), else the status text. */
function serverReason(body: unknown, response: Response): string {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (typeof error?.message === 'string') {
    return typeof error.code === 'string' ? `${error.code}: ${error.message}` : error.message;
  }
  return response.statusText || 'with no racelab error body';
}
