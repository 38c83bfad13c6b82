import { type ExperimentRunner, parseConfig } from '@racelab/core';
import { type ExperimentConfig, type ExperimentResult, STRATEGIES, type Strategy } from '@racelab/schema';
import { firstViewedTrial } from '@racelab/schema/format';
import { Box, Static, Text, useApp } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDashboardKeys } from '../hooks/use-dashboard-keys.js';
import { currentConfig as currentConfigOf, useExperiment } from '../hooks/use-experiment.js';
import type { HistoryActions } from '../hooks/use-history-keys.js';
import { useIntro } from '../hooks/use-intro.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { COLOR_THEME, PLAIN_THEME, ThemeContext } from '../hooks/use-theme.js';
import type { DashboardNotebook } from '../notebook/dashboard-notebook.js';
import { CompareView } from './CompareView.js';
import { Footer, footerLines, type View } from './Footer.js';
import { HistoryLine } from './HistoryLine.js';
import { type HistoryState, HistoryView } from './HistoryView.js';
import { LiveView } from './LiveView.js';
import { change, nextStrategy, nextTrials, step } from './settings.js';
import { TraceHint } from './TraceHint.js';
import { TraceView } from './TraceView.js';

export interface AppProps {
  /** The app's one warm runner; whoever created it closes it after the app exits. */
  runner: ExperimentRunner;
  /** The first experiment; the seed's (10 × 100,000, mutex) by default. */
  config?: ExperimentConfig;
  /** Open on the race and then its fix (`none`, then `config`), the seed lesson in two runs. */
  intro?: boolean;
  color?: boolean;
  /** How often telemetry is sampled; rendering is capped separately by Ink's maxFps. */
  progressIntervalMs?: number;
  /** Where finished runs are kept and the history key reads them; none: nothing kept, no history. */
  notebook?: DashboardNotebook;
}

export type ExitReason = 'quit' | 'interrupt';

/** Lines the history list may take: the terminal less its title, header, notice and footer. */
const HISTORY_CHROME = 4;

/** Each configuration the dashboard runs: one for the live view, every strategy for the comparison. */
function batchFor(config: ExperimentConfig, view: View): ExperimentConfig[] {
  // The trace view shows a finished run: starting one goes back to the live view (see `runView`).
  return view === 'compare' ? STRATEGIES.map((strategy) => ({ ...config, strategy })) : [config];
}

export function App({
  runner,
  config: initial,
  intro = false,
  color = true,
  progressIntervalMs = 80,
  notebook,
}: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize();
  const [config, setConfigState] = useState<ExperimentConfig>(() => {
    const first = initial ?? parseConfig({});
    // The intro ends on a fix, so it never settles on the race itself.
    return intro && first.strategy === 'none' ? { ...first, strategy: 'mutex' } : first;
  });
  const [view, setViewState] = useState<View>('live');
  // Keys can arrive several in one chunk, handled before React re-renders: they must build on each
  // other's changes, so the handlers read these refs rather than the state of the last render.
  const current = useRef<{ config: ExperimentConfig; view: View; back: View }>({ config, view, back: 'live' });
  const setConfig = (next: ExperimentConfig) => {
    current.current.config = next;
    setConfigState(next);
  };
  const setView = (next: View) => {
    current.current.view = next;
    setViewState(next);
  };
  const [history, setHistory] = useState<ExperimentResult[]>([]);
  const [notice, setNotice] = useState('');
  const [traceOffset, setTraceOffset] = useState(0);
  const lastTraced = history.findLast((result) => result.trials.some((trial) => trial.trace));
  /** The view a run starts in: the one on screen, or the live view when that is the trace. */
  const runView = (): View => {
    if (current.current.view === 'trace') setView('live');
    return current.current.view;
  };
  const [stored, setStoredState] = useState<HistoryState>({ state: 'loading' });
  // Like `current`: ↓ and Enter in one chunk must pick the run ↓ moved to.
  const shownHistory = useRef(stored);
  const setStored = (next: HistoryState) => {
    shownHistory.current = next;
    setStoredState(next);
  };
  const keeper = useRef(notebook);
  keeper.current = notebook;
  const onResult = useCallback((result: ExperimentResult) => {
    setHistory((items) => [...items, result]);
    // A run the notebook could not keep is still on screen: one line says why, and the UI goes on.
    void keeper.current?.save(result).then((problem) => {
      if (problem !== undefined) setNotice(`not saved: ${problem}`);
    });
  }, []);
  const { batch, start, stop } = useExperiment(runner, { progressIntervalMs, onResult });

  const opening = useIntro(intro, config, history, start, setNotice);
  // The opening run happens once, on mount: later changes of config come with their own runs.
  useEffect(() => {
    start(opening.opening);
  }, []);

  const apply = (update: (config: ExperimentConfig) => Partial<ExperimentConfig>) => {
    opening.cancel();
    const next = change(current.current.config, update(current.current.config));
    if ('problem' in next) return setNotice(next.problem);
    setNotice('');
    setConfig(next.config);
    start(batchFor(next.config, runView()));
  };

  const openHistory = () => {
    opening.cancel();
    current.current.back = current.current.view === 'compare' ? 'compare' : 'live';
    setView('history');
    setNotice('');
    if (!notebook) return setStored({ state: 'failed', problem: 'this dashboard keeps no notebook' });
    setStored({ state: 'loading' });
    const limit = Math.max(1, Math.min(100, size.rows - HISTORY_CHROME - footerLines('history', size.columns)));
    notebook.recent(limit).then(
      (runs) => setStored({ state: 'ready', runs, selected: 0, location: notebook.location }),
      (error: unknown) => setStored({ state: 'failed', problem: (error as Error).message }),
    );
  };

  const historyActions: HistoryActions = {
    move: (direction) => {
      const shown = shownHistory.current;
      if (shown.state !== 'ready' || shown.runs.length === 0) return;
      setStored({ ...shown, selected: Math.min(shown.runs.length - 1, Math.max(0, shown.selected + direction)) });
    },
    rerun: () => {
      const shown = shownHistory.current;
      const run = shown.state === 'ready' ? shown.runs[shown.selected] : undefined;
      if (!run) return;
      const parsed = change(current.current.config, run.config);
      if ('problem' in parsed) return setNotice(parsed.problem);
      setConfig(parsed.config);
      setView('live');
      setNotice('');
      start([parsed.config]);
    },
    back: () => setView(current.current.back),
    quit: (reason: ExitReason) => exit(reason),
  };

  useDashboardKeys(
    {
      run: () => {
        opening.cancel();
        setNotice('');
        start(batchFor(current.current.config, runView()));
      },
      strategy: (choice?: Strategy) => {
        if (current.current.view === 'compare') {
          return setNotice('the comparison runs every strategy; press c for the live view');
        }
        apply((config) => ({ strategy: choice ?? nextStrategy(config.strategy) }));
      },
      workers: (direction) => {
        // In the trace view the arrows scroll the worker rows (↑ up) instead.
        if (current.current.view === 'trace') {
          const workers = lastTraced ? (firstViewedTrial(lastTraced)?.trace.views?.length ?? 0) : 0;
          return setTraceOffset((offset) => Math.max(0, Math.min(workers - 1, offset - direction)));
        }
        apply((config) => ({ workers: step('workers', config.workers, direction) }));
      },
      iterations: (direction) => apply((config) => ({ iterations: step('iterations', config.iterations, direction) })),
      trials: () => apply((config) => ({ trials: nextTrials(config.trials) })),
      toggleView: () => {
        opening.cancel();
        const next = current.current.view === 'compare' ? 'live' : 'compare';
        setView(next);
        setNotice('');
        start(batchFor(current.current.config, next));
      },
      trace: () => {
        const on = !current.current.config.trace;
        apply(() => ({ trace: on }));
        // Refused (over the trace's limit): `apply` has put the schema's message in the notice.
        if (current.current.config.trace === on) {
          setNotice(on ? 'tracing the next runs: every read is logged (v shows the trace)' : 'tracing off');
        }
      },
      traceView: () => {
        if (current.current.view === 'trace') return setView('live');
        setTraceOffset(0);
        setNotice(lastTraced ? '' : 'no traced run yet: press x to trace the next runs');
        if (lastTraced) setView('trace');
      },
      history: openHistory,
      stop,
      // Unmounting aborts the run in flight (useExperiment's cleanup); the last frame stays as it was.
      quit: (reason: ExitReason) => exit(reason),
    },
    { actions: historyActions, shown: () => current.current.view === 'history' },
  );

  const theme = color ? COLOR_THEME : PLAIN_THEME;
  const tracing = config.trace === true;
  const noticeLines = Math.max(1, Math.ceil(notice.length / size.columns));
  const hint = view === 'live' && batch !== undefined && currentConfigOf(batch).trace === true;
  const reserved = noticeLines + footerLines(view, size.columns, tracing) + (hint ? 1 : 0);
  return (
    <ThemeContext.Provider value={theme}>
      <Static items={history}>{(result) => <HistoryLine key={result.id} result={result} />}</Static>
      <Box flexDirection="column" width={size.columns}>
        {batch && view === 'live' ? <LiveView batch={batch} size={size} reservedLines={reserved} /> : null}
        {batch && hint ? <TraceHint result={batch.results[batch.index]} /> : null}
        {view === 'trace' ? (
          <TraceView result={lastTraced} size={size} reservedLines={reserved} offset={traceOffset} />
        ) : null}
        {batch && view === 'compare' ? <CompareView batch={batch} columns={size.columns} /> : null}
        {view === 'history' ? <HistoryView history={stored} columns={size.columns} /> : null}
        <Text color={theme.warn}>{notice || ' '}</Text>
        <Footer view={view} tracing={tracing} />
      </Box>
    </ThemeContext.Provider>
  );
}
