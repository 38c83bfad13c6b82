import { useSignal } from '@preact/signals';
import type { FunctionComponent } from 'preact';

type HistoryModule = { HistoryPanel: FunctionComponent };

/**
 * The History view, loaded when asked for: its filters, chart and comparison are not part of the
 * page's first load.
 */
export function HistoryLauncher() {
  const loaded = useSignal<HistoryModule | undefined>(undefined);
  const problem = useSignal<string | undefined>(undefined);
  const Panel = loaded.value?.HistoryPanel;
  if (Panel) return <Panel />;
  return (
    <section class="panel history" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <p class="hint">
        Every run this server keeps, by strategy, runtime, host, source and time: a chart of lost updates and throughput
        across them, and any two side by side.
      </p>
      <button
        type="button"
        onClick={() =>
          void import('./HistoryPanel.js').then(
            (module) => {
              loaded.value = module;
            },
            (error: unknown) => {
              problem.value = error instanceof Error ? error.message : String(error);
            },
          )
        }
      >
        Open the history
      </button>
      {problem.value ? (
        <p class="error" role="alert">
          {problem.value}
        </p>
      ) : null}
    </section>
  );
}
