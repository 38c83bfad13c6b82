import { DEFAULT_CONFIG, type ExperimentConfigInput } from '@racelab/schema';
import { useBothRuns } from '../hooks/use-both-runs.js';
import { useBrowserRun } from '../hooks/use-browser-run.js';
import { useHosts } from '../hooks/use-hosts.js';
import { type SubmitBody, useLab } from '../hooks/use-lab.js';
import { useRecentRuns } from '../hooks/use-recent-runs.js';
import { useResultRecorder } from '../hooks/use-result-recorder.js';
import { useRunForm } from '../hooks/use-run-form.js';
import { BrowserRunPanel } from './BrowserRunPanel.js';
import { CompareTable } from './CompareTable.js';
import { HistoryLauncher } from './HistoryLauncher.js';
import { Intro } from './Intro.js';
import { useLabModule } from './LazyLab.js';
import { LazyTrace } from './LazyTrace.js';
import { LiveRun } from './LiveRun.js';
import { RecentRuns } from './RecentRuns.js';
import { RecordChoice } from './RecordChoice.js';
import { RunForm } from './RunForm.js';
import { TokenDialog } from './TokenDialog.js';

export function App() {
  const recent = useRecentRuns();
  const hosts = useHosts();
  const form = useRunForm();
  const lab = useLab({
    onChange: () => {
      void recent.refresh();
      void hosts.refresh();
    },
    onOpen: (run) => form.fill(run.config),
  });
  const browser = useBrowserRun();
  const recorder = useResultRecorder(recent.refresh);
  const both = useBothRuns(lab, browser, recorder.record);
  const live = lab.follower.current.value;
  const session = lab.session.value;
  // The compare table shows each run's final state, and the one being followed as it goes.
  const states = session?.states.map((state) => (state.run.id === live?.run.id ? live : state)) ?? [];
  const position = states.findIndex((state) => state.run.id === live?.run.id);
  const body = () => form.body() as ExperimentConfigInput;
  const inLab = hosts.list.value.length > 0;
  // The host picker and the cross-host comparison load only for a lab (or a group's permalink).
  const labParts = useLabModule(inLab || session?.kind === 'group');
  const hostPicker =
    inLab && labParts ? (
      <labParts.HostPicker hosts={hosts.list.value} target={form.hosts} problem={lab.problem.value?.fields.hosts} />
    ) : undefined;
  /** The intro's button: the seed's race, traced, on the server, live. */
  const traceTheRace = () => {
    form.fill({ ...DEFAULT_CONFIG, strategy: 'none', trace: true });
    void lab.start(body());
  };
  return (
    <>
      <a class="skip-link" href="#settings-heading">
        Skip to the settings
      </a>
      <header class="site-header">
        <h1>racelab</h1>
        <p class="tagline">The shared-counter race, on real threads, live.</p>
        <nav aria-label="API">
          <a href="/docs">API reference</a>
          <a href="/openapi.json">OpenAPI</a>
        </nav>
      </header>
      <main class="layout">
        <div class="column-settings">
          <RunForm
            form={form}
            problem={lab.problem.value}
            busy={lab.busy.value}
            onRun={() => void lab.start(form.runBody() as SubmitBody)}
            onCompare={() => void lab.compare(body())}
            hostPicker={hostPicker}
          />
        </div>
        <div class="column-results">
          {live ? (
            <LiveRun
              state={live}
              {...(session?.kind === 'compare' && position >= 0
                ? { context: `compare ${position + 1} of ${states.length}` }
                : session?.kind === 'group' && position >= 0
                  ? { context: `host ${live.run.host ?? '?'}, ${position + 1} of ${states.length}` }
                  : {})}
              onCancel={() => void lab.cancelSession()}
            />
          ) : (
            <Intro onTrace={traceTheRace} />
          )}
          {live?.result ? <LazyTrace result={live.result} /> : null}
          {session?.kind === 'compare' ? <CompareTable states={states} /> : null}
          {session?.kind === 'group' && session.group && labParts ? (
            <labParts.GroupComparison group={session.group} followed={states.map((state) => state.run)} />
          ) : null}
          <BrowserRunPanel
            server={both.server.value}
            browser={browser.current.value}
            problem={browser.problem.value}
            busy={both.busy.value || lab.busy.value}
            waitingForServer={both.busy.value && !browser.current.value}
            onRun={() => void both.run(body())}
            onCancel={browser.cancel}
            recording={
              <RecordChoice
                enabled={recorder.enabled.value}
                last={recorder.last.value}
                onChange={recorder.setEnabled}
              />
            }
          />
          <RecentRuns
            runs={recent.runs.value}
            hasMore={recent.nextCursor.value !== undefined}
            onMore={() => void recent.more()}
            onCancel={(id) => void lab.cancel(id)}
          />
          <HistoryLauncher />
        </div>
      </main>
      <TokenDialog />
    </>
  );
}
