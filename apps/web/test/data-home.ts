import { rmSync } from 'node:fs';

/**
 * Vitest global setup: the config points XDG_DATA_HOME at a fresh temporary folder, so no test (nor
 * any racelab it starts) writes the user's notebook in ~/.local/share; this removes that folder after.
 */
export function teardown(): void {
  const folder = process.env.XDG_DATA_HOME;
  if (folder?.includes('racelab-test-data-')) rmSync(folder, { recursive: true, force: true });
}
