import type { ExperimentRunner } from '@racelab/core';
import type { Instance, RenderOptions } from 'ink';
import type { ExitReason } from '../ui/App.js';

/**
 * Redraws per second. The workers need both cores far more than the screen needs frames; a dozen
 * keeps bars smooth while the render thread stays mostly idle.
 */
export const MAX_FPS = 12;

export const DASHBOARD_RENDER_OPTIONS: RenderOptions = {
  maxFps: MAX_FPS,
  // Ctrl+C is a key like q in raw mode: the app handles it, stops the run, then exits.
  exitOnCtrlC: false,
};

/** The dashboard only animates where Ink does: a terminal on both ends and no CI (Ink's is-in-ci rule). */
export function isInteractive(env: NodeJS.ProcessEnv = process.env): boolean {
  const set = (name: string) => env[name] !== undefined && env[name] !== '0' && env[name] !== 'false';
  return process.stdout.isTTY === true && process.stdin.isTTY === true && !set('CI') && !set('CONTINUOUS_INTEGRATION');
}

/**
 * Waits for the dashboard to end, by a key or by a signal, then stops every worker. A signal unmounts
 * the app first so Ink restores the terminal (cursor, raw mode) before the process exits.
 */
export async function superviseDashboard(app: Instance, runner: ExperimentRunner): Promise<number> {
  let exitCode = 0;
  const onSignal = (code: number) => () => {
    exitCode = code;
    app.unmount();
  };
  const onInt = onSignal(130);
  const onTerm = onSignal(143);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const reason = (await app.waitUntilExit()) as ExitReason | undefined;
    if (reason === 'interrupt') exitCode = 130;
    // After the terminal shrinks below the live region, Ink repaints it full-screen, without the
    // final newline, and leaves the cursor at the end of the footer; the shell prompt would follow
    // on that line. One newline always gives the prompt a line of its own.
    if (process.stdout.isTTY) process.stdout.write('\n');
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    await runner.close();
  }
  return exitCode;
}
