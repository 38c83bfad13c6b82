import type { ExperimentResult } from '@racelab/schema';
import { formatCount, formatDuration, formatPercent, formatRate } from '@racelab/schema/format';
import type { ComponentChildren } from 'preact';
import { fairnessText } from '../format/fairness.js';
import { isActive, type RunState, runFigures } from '../format/figures.js';
import { runtimeLabel, threadWord } from '../format/runtime-label.js';
import { CounterPanel } from './CounterPanel.js';
import { WorkerBars } from './WorkerBars.js';

export interface BrowserRunPanelProps {
  /** The opt-out for recording this browser's result on the server, and where the last one went. */
  recording: ComponentChildren;
  server: RunState | undefined;
  browser: RunState | undefined;
  problem: string | undefined;
  busy: boolean;
  /** The pair's server run is still going: this browser's turn comes after it. */
  waitingForServer: boolean;
  onRun(): void;
  onCancel(): void;
}

/** "Run it in this browser": the same race on this tab's Web Workers, next to the server's. */
export function BrowserRunPanel({
  server,
  browser,
  problem,
  busy,
  waitingForServer,
  onRun,
  onCancel,
  recording,
}: BrowserRunPanelProps) {
  const running = browser !== undefined && isActive(browser.run);
  return (
    <section class="panel browser-run" aria-labelledby="browser-heading">
      <h2 id="browser-heading">Run it in this browser</h2>
      <p class="hint">
        The same experiment twice: on the server's threads, then on this tab's own Web Workers sharing one
        SharedArrayBuffer, through <code>@racelab/core</code>'s browser build. One race, two machines.
      </p>
      <div class="actions">
        <button type="button" disabled={busy} onClick={onRun}>
          Run on the server and in this browser
        </button>
        {running ? (
          <button type="button" class="danger" onClick={onCancel}>
            Stop the browser run
          </button>
        ) : null}
      </div>
      {recording}
      {waitingForServer ? (
        <p class="hint" aria-live="polite">
          On the server first (above); this browser's turn comes when it has ended.
        </p>
      ) : null}
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      {running && browser ? (
        <div class="browser-live" data-testid="browser-live">
          <WorkerBars perWorker={runFigures(browser).perWorker} iterations={browser.run.config.iterations} />
          <CounterPanel figures={runFigures(browser)} />
        </div>
      ) : null}
      {server?.result && browser?.result && !running ? (
        <SideBySide server={server.result} browser={browser.result} />
      ) : null}
    </section>
  );
}

function where(result: ExperimentResult): string {
  return `${formatCount(result.config.workers)} ${threadWord(result.environment)} on ${runtimeLabel(result.environment)}`;
}

function SideBySide({ server, browser }: { server: ExperimentResult; browser: ExperimentResult }) {
  const columns = [
    { name: 'server', result: server },
    { name: 'this browser', result: browser },
  ];
  const rows: Array<[string, (result: ExperimentResult) => string]> = [
    ['Where', where],
    ['Final counter', (result) => formatCount(result.trials.at(-1)?.actual ?? 0)],
    [
      'Lost updates',
      (result) => {
        const lost = result.trials.at(-1)?.lostUpdates ?? 0;
        return `${formatCount(lost)} (${formatPercent(lost, result.expected)})`;
      },
    ],
    ['Throughput', (result) => formatRate(result.summary.opsPerSecond?.median ?? 0)],
    ['Fairness', (result) => fairnessText(result.trials.at(-1)) ?? '—'],
    ['Run time', (result) => formatDuration(result.trials.at(-1)?.runMs ?? 0)],
    ['Thread start-up', (result) => formatDuration(result.trials.reduce((sum, trial) => sum + trial.spawnMs, 0))],
    [
      'Status',
      (result) => (result.summary.correct ? 'exact' : result.status === 'completed' ? 'lost updates' : result.status),
    ],
  ];
  return (
    <div class="side-by-side">
      <p class="where-line" data-testid="where-line">
        server: {where(server)} · this browser: {where(browser)}
      </p>
      <div class="table-scroll">
        <table data-testid="side-by-side">
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">Measure</span>
              </th>
              {columns.map((column) => (
                <th scope="col" key={column.name}>
                  {column.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {columns.map((column) => (
                  <td key={column.name} data-column={column.name}>
                    {value(column.result)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
