import { ExperimentRunner } from '@racelab/core';
import type { ExperimentConfig } from '@racelab/schema';
import { render } from 'ink';
import type { NotebookFlags } from '../cli/args.js';
import { noColorRequested } from '../format/paint.js';
import { dashboardNotebook } from '../notebook/dashboard-notebook.js';
import { checkLocation } from '../notebook/open-notebook.js';
import { App } from '../ui/App.js';
import { DASHBOARD_RENDER_OPTIONS, superviseDashboard } from './dashboard.js';

/** Opens the live dashboard. Its own module so `run` and `compare` never load React and Ink. */
export async function launchDashboard(config: ExperimentConfig, intro: boolean, flags: NotebookFlags): Promise<number> {
  // A --database racelab cannot speak is bad usage (exit 2), said before the screen is taken.
  await checkLocation(flags.database, process.env);
  const notebook = dashboardNotebook(flags, process.env);
  const runner = new ExperimentRunner();
  const app = render(
    <App runner={runner} config={config} intro={intro} color={!noColorRequested()} notebook={notebook} />,
    DASHBOARD_RENDER_OPTIONS,
  );
  try {
    return await superviseDashboard(app, runner);
  } finally {
    await notebook.close();
  }
}
