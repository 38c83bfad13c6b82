import { type Signal, useSignal } from '@preact/signals';
import type { ExperimentConfigInput, ExperimentResult } from '@racelab/schema';
import { useCallback, useMemo } from 'preact/hooks';
import type { RunState } from '../format/figures.js';
import type { BrowserRun } from './use-browser-run.js';
import type { Lab } from './use-lab.js';

export interface BothRuns {
  /** The server's run of the pair, once it has ended. */
  server: Signal<RunState | undefined>;
  busy: Signal<boolean>;
  run(config: ExperimentConfigInput): Promise<void>;
}

/**
 * One experiment on two machines: first on the server (it shows in the live view as any run),
 * then, on exactly the settings the server ran, in this browser. One after the other, so neither
 * steals the other's cores when both are on this computer.
 */
export function useBothRuns(
  lab: Lab,
  browser: BrowserRun,
  /** The browser's finished result, to record on the server. */
  onBrowserResult?: (result: ExperimentResult) => Promise<void>,
): BothRuns {
  const server = useSignal<RunState | undefined>(undefined);
  const busy = useSignal(false);
  const run = useCallback(
    async (config: ExperimentConfigInput) => {
      busy.value = true;
      server.value = undefined;
      browser.current.value = undefined;
      try {
        const ended = await lab.start(config);
        server.value = ended;
        if (ended?.run.status !== 'completed') return;
        const mine = await browser.run(ended.run.config);
        // A stopped run is recorded too (cancelled, with what it counted): the server keeps it as it was.
        if (mine?.result) await onBrowserResult?.(mine.result);
      } finally {
        busy.value = false;
      }
    },
    [lab, browser, server, busy, onBrowserResult],
  );
  return useMemo(() => ({ server, busy, run }), [server, busy, run]);
}
