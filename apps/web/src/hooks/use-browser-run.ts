import { type Signal, useSignal } from '@preact/signals';
import type { ExperimentConfig, ExperimentConfigInput } from '@racelab/schema';
import { useCallback, useEffect, useMemo, useRef } from 'preact/hooks';
import { type RunState, withProgress, withResult } from '../format/figures.js';
import { FRAME_MS } from './use-run-follower.js';

export interface BrowserRun {
  /** The run in this tab's Web Workers, shaped like a server run so the same views show it. */
  current: Signal<RunState | undefined>;
  /** Why it could not run: a bad setting, or a browser that cannot share memory. */
  problem: Signal<string | undefined>;
  run(config: ExperimentConfigInput | ExperimentConfig): Promise<RunState | undefined>;
  cancel(): void;
}

/**
 * Runs the experiment on the visitor's own Web Workers with `@racelab/core`'s browser build, loaded
 * only when asked for. Leaving the page or starting again stops the workers.
 */
export function useBrowserRun(): BrowserRun {
  const current = useSignal<RunState | undefined>(undefined);
  const problem = useSignal<string | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);

  const cancel = useCallback(() => controller.current?.abort(), []);

  const run = useCallback(
    async (input: ExperimentConfigInput | ExperimentConfig) => {
      controller.current?.abort();
      const own = new AbortController();
      controller.current = own;
      problem.value = undefined;
      if (!crossOriginIsolated) {
        problem.value = 'this page is not cross-origin isolated, so its Web Workers cannot share memory';
        return undefined;
      }
      const core = await import('@racelab/core');
      let config: ExperimentConfig;
      try {
        config = core.parseConfig(input);
      } catch (error) {
        problem.value = error instanceof Error ? error.message : String(error);
        return undefined;
      }
      // Shaped like a server run so the same views show it; the server's notebook keeps it only if sent.
      const run = { id: 'this-browser', status: 'running', config, source: 'browser', verified: false } as const;
      let state: RunState = { run: { ...run, createdAt: new Date().toISOString() }, trialLost: [] };
      current.value = state;
      let frame: ReturnType<typeof setTimeout> | undefined;
      const paint = () => {
        frame = undefined;
        if (controller.current === own) current.value = state;
      };
      try {
        const result = await core.runExperiment(config, {
          signal: own.signal,
          onProgress: (snapshot) => {
            state = withProgress(state, snapshot);
            frame ??= setTimeout(paint, FRAME_MS);
          },
        });
        state = withResult({ ...state, run: { ...state.run, id: result.id } }, result);
      } catch (error) {
        if (error instanceof core.RunAbortedError) {
          state = withResult(state, error.result);
        } else {
          problem.value = error instanceof Error ? error.message : String(error);
          state = { ...state, run: { ...state.run, status: 'failed' } };
        }
      }
      if (frame !== undefined) clearTimeout(frame);
      paint();
      return state;
    },
    [current, problem],
  );

  useEffect(() => () => controller.current?.abort(), []);
  return useMemo(() => ({ current, problem, run, cancel }), [current, problem, run, cancel]);
}
