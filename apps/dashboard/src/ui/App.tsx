import { type ExperimentRunner, parseConfig } from '@racelab/core';
import { type ExperimentConfig, type ExperimentResult, STRATEGIES, type Strategy } from '@racelab/schema';
import { firstViewedTrial } from '@racelab/schema/format';
import { Box, Static, Text, useApp } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDashboardKeys } from '../hooks/use-dashboard-keys.js';
import { currentConfig as currentConfigOf, useExperiment } from '../hooks/use-experiment.js';
import { useIntro } from '../hooks/use-intro.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { COLOR_THEME, PLAIN_THEME, ThemeContext } from '../hooks/use-theme.js';
import { CompareView } from './CompareView.js';
import { Footer, footerLines, type View } from './Footer.js';
import { HistoryLine } from './HistoryLine.js';
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
}

export type ExitReason = 'quit' | 'interrupt';

/** Each configuration the dashboard runs: one for the live view, every strategy for the comparison. */
function batchFor(config: ExperimentConfig, view: View): ExperimentConfig[] {
  // The trace view shows a finished run: starting one goes back to the live view (see `runView`).
  return view === 'compare' ? STRATEGIES.map((strategy) => ({ ...config, strategy })) : [config];
}

export function App({ runner, config: initial, intro = false, color = true, progressIntervalMs = 80 }: AppProps) {
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
  const current = useRef({ config, view });
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
  const onResult = useCallback((result: ExperimentResult) => setHistory((items) => [...items, result]), []);
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

  useDashboardKeys({
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
    stop,
    // Unmounting aborts the run in flight (useExperiment's cleanup); the last frame stays as it was.
    quit: (reason: ExitReason) => exit(reason),
  });

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
        <Text color={theme.warn}>{notice || ' '}</Text>
        <Footer view={view} tracing={tracing} />
      </Box>
    </ThemeContext.Provider>
  );
}
