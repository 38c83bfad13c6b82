import type { Run } from '@racelab/api';
import type { ApiError, ExperimentResult, ProgressSnapshot } from '@racelab/schema';

export interface RunEventHandlers {
  run(run: Run): void;
  progress(snapshot: ProgressSnapshot): void;
  /** The run ended: its result (whatever its status). The stream is closed. */
  result(result: ExperimentResult): void;
  /** The run ended without a result, or the stream could not be opened. The stream is closed. */
  failed(message: string): void;
}

/**
 * Follows `GET /runs/{id}/events`. EventSource reconnects on its own when a stream drops mid-run,
 * sending the last event's id (`Last-Event-ID`): the server resumes after it (the newest sample, or
 * the result if the run ended meanwhile), so nothing is lost or repeated. Returns a function that stops.
 */
export function followRunEvents(id: string, handlers: RunEventHandlers): () => void {
  const source = new EventSource(`/runs/${encodeURIComponent(id)}/events`);
  const close = () => source.close();
  const parse = <T>(event: Event): T => JSON.parse((event as MessageEvent<string>).data) as T;
  source.addEventListener('run', (event) => handlers.run(parse<Run>(event)));
  source.addEventListener('progress', (event) => handlers.progress(parse<ProgressSnapshot>(event)));
  source.addEventListener('result', (event) => {
    close();
    handlers.result(parse<ExperimentResult>(event));
  });
  source.addEventListener('error', (event) => {
    // The server's own `error` event carries data; a connection failure is a bare Event.
    if (event instanceof MessageEvent) {
      close();
      handlers.failed(parse<ApiError>(event).error.message);
    } else if (source.readyState === EventSource.CLOSED) {
      handlers.failed('lost the connection to the server');
    }
  });
  return close;
}
