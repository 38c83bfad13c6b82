import { type Signal, useSignal } from '@preact/signals';
import type { ExperimentResult } from '@racelab/schema';
import { useCallback, useMemo } from 'preact/hooks';
import { api } from '../api/client.js';
import { problemFrom, problemFromError } from '../api/problem.js';

/** Where this browser's last result went: kept on the server (with its id), refused, or not sent. */
export type Recording =
  | { state: 'sending' }
  | { state: 'recorded'; id: string; source: string }
  | { state: 'failed'; message: string }
  | { state: 'off' };

const SETTING = 'racelab:record-browser-results';

/** On unless the visitor turned it off once: the choice is kept in this browser's localStorage. */
function readSetting(): boolean {
  try {
    return localStorage.getItem(SETTING) !== 'off';
  } catch {
    return true;
  }
}

export interface ResultRecorder {
  /** Send "run it in this browser" results to the server's notebook (`POST /results`). */
  enabled: Signal<boolean>;
  last: Signal<Recording | undefined>;
  setEnabled(on: boolean): void;
  record(result: ExperimentResult): Promise<void>;
}

/** Records this browser's results on the server (unverified, `source: browser`), unless opted out. */
export function useResultRecorder(onRecorded: () => void): ResultRecorder {
  const enabled = useSignal(readSetting());
  const last = useSignal<Recording | undefined>(undefined);
  const setEnabled = useCallback(
    (on: boolean) => {
      enabled.value = on;
      try {
        localStorage.setItem(SETTING, on ? 'on' : 'off');
      } catch {
        // Storage refused (private mode): the choice holds for this visit.
      }
    },
    [enabled],
  );
  const record = useCallback(
    async (result: ExperimentResult) => {
      if (!enabled.value) {
        last.value = { state: 'off' };
        return;
      }
      last.value = { state: 'sending' };
      try {
        const response = await api.results.$post({ json: result });
        if (response.status === 201) {
          const run = (await response.json()) as { id: string; source: string };
          last.value = { state: 'recorded', id: run.id, source: run.source };
          onRecorded();
        } else {
          last.value = { state: 'failed', message: (await problemFrom(response)).message };
        }
      } catch (error) {
        last.value = { state: 'failed', message: problemFromError(error).message };
      }
    },
    [enabled, last, onRecorded],
  );
  return useMemo(() => ({ enabled, last, setEnabled, record }), [enabled, last, setEnabled, record]);
}
