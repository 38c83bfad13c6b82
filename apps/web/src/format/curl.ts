import type { ExperimentConfig } from '@racelab/schema';

/**
 * The run as a command to paste into a shell: the same settings, waiting for the result. The token
 * itself never goes on screen; the command reads it from the variable the server was started with.
 */
export function curlCommand(config: ExperimentConfig, origin: string, withToken: boolean): string {
  const auth = withToken ? ` -H "Authorization: Bearer $RACELAB_API_TOKEN"` : '';
  return `curl${auth} --json '${JSON.stringify(config)}' '${origin}/runs?wait=true'`;
}
