import { type Signal, useSignal } from '@preact/signals';
import type { Run } from '@racelab/api';
import { useCallback, useEffect, useMemo, useRef } from 'preact/hooks';
import { api } from '../api/client.js';
import { followRunEvents } from '../api/run-events.js';
import { isActive, type RunState, withProgress, withResult } from '../format/figures.js';

/** The page redraws a live run at most this often (~10 frames a second), whatever the event rate. */
export const FRAME_MS = 100;

export interface RunFollower {
  /** The run on screen, live. */
  current: Signal<RunState | undefined>;
  /** Shows `run` and follows it until it ends; resolves with its final state. */
  follow(run: Run): Promise<RunState>;
  /** Stops following (the run itself goes on). */
  stop(): void;
}

export function useRunFollower(): RunFollower {
  const current = useSignal<RunState | undefined>(undefined);
  const stopCurrent = useRef<(() => void) | undefined>(undefined);

  const stop = useCallback(() => {
    stopCurrent.current?.();
    stopCurrent.current = undefined;
  }, []);

  const follow = useCallback(
    (run: Run) => {
      stop();
      let state: RunState = run.result ? withResult({ run, trialLost: [] }, run.result) : { run, trialLost: [] };
      current.value = state;
      if (!isActive(run)) return Promise.resolve(state);

      return new Promise<RunState>((resolve) => {
        let frame: ReturnType<typeof setTimeout> | undefined;
        let lastPaint = 0;
        const paint = () => {
          frame = undefined;
          lastPaint = performance.now();
          current.value = state;
        };
        // Samples arrive up to 10 a second per stream; painting is capped separately, newest wins.
        const schedule = () => {
          if (frame !== undefined) return;
          frame = setTimeout(paint, Math.max(0, lastPaint + FRAME_MS - performance.now()));
        };
        const end = (final: RunState) => {
          if (frame !== undefined) clearTimeout(frame);
          state = final;
          paint();
          stopCurrent.current = undefined;
          resolve(final);
        };
        const close = followRunEvents(run.id, {
          run: (latest) => {
            state = { ...state, run: latest };
            schedule();
          },
          progress: (snapshot) => {
            state = withProgress({ ...state, run: { ...state.run, status: 'running' } }, snapshot);
            schedule();
          },
          result: (result) => end(withResult(state, result)),
          failed: (message) => {
            // Cancelled while queued, or the connection is gone: ask the server where the run stands.
            void refreshed(state.run).then((latest) => end({ ...state, run: latest, problem: message }));
          },
        });
        stopCurrent.current = () => {
          close();
          if (frame !== undefined) clearTimeout(frame);
          resolve(state);
        };
      });
    },
    [current, stop],
  );

  useEffect(() => stop, [stop]);
  return useMemo(() => ({ current, follow, stop }), [current, follow, stop]);
}

async function refreshed(run: Run): Promise<Run> {
  try {
    const response = await api.runs[':id'].$get({ param: { id: run.id } });
    return response.ok ? await response.json() : run;
  } catch {
    return run;
  }
}
