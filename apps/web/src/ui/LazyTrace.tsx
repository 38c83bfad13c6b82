import type { ExperimentResult } from '@racelab/schema';
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

type TracePanelComponent = ComponentType<{ result: ExperimentResult }>;

/** Loaded once, the first time a traced result is shown; the first load of the page does not carry it. */
let loading: Promise<TracePanelComponent> | undefined;

function loadTracePanel(): Promise<TracePanelComponent> {
  loading ??= import('../trace/index.js').then((module) => module.TracePanel);
  return loading;
}

/** The trace view of a traced result, fetched on demand; nothing for a result without a trace. */
export function LazyTrace({ result }: { result: ExperimentResult }) {
  const traced = result.trials.some((trial) => trial.trace);
  const [Panel, setPanel] = useState<TracePanelComponent | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!traced || Panel) return;
    let current = true;
    loadTracePanel().then(
      (component) => current && setPanel(() => component),
      (error: unknown) => {
        loading = undefined;
        if (current) setProblem(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      current = false;
    };
  }, [traced, Panel]);
  if (!traced) return null;
  if (problem) return <p class="error">Could not load the trace view: {problem}</p>;
  if (!Panel) return <p class="hint">Loading the trace…</p>;
  return <Panel result={result} />;
}
