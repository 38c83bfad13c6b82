import { ExperimentRunner } from '@racelab/core';
import type { ExperimentConfig } from '@racelab/schema';
import { render } from 'ink';
import type { NotebookFlags } from '../cli/args.js';
import { noColorRequested } from '../format/paint.js';
import { App } from '../ui/App.js';
import { DASHBOARD_RENDER_OPTIONS, superviseDashboard } from './dashboard.js';

/** Opens the live dashboard. Its own module so `run` and `compare` never load React and Ink. */
export function launchDashboard(config: ExperimentConfig, intro: boolean, notebook: NotebookFlags): Promise<number> {
  const runner = new ExperimentRunner();
  const app = render(
    <App runner={runner} config={config} intro={intro} color={!noColorRequested()} />,
    DASHBOARD_RENDER_OPTIONS,
  );
  return superviseDashboard(app, runner);
}
