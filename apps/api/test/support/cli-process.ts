/** Test support: the `racelab-api` bin as users run it, from the build (turbo builds before testing). */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  /** From the start-up line on stderr. */
  url: string;
  /** Everything written to stderr so far. */
  stderr: () => string;
}

/** Starts the CLI on a free port of 127.0.0.1 and resolves once it has said where it listens. */
export async function startCli(args: string[] = [], env: Record<string, string> = {}): Promise<CliProcess> {
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args], {
    env: { ...process.env, HOST: '', RACELAB_API_TOKEN: '', ...env },
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`exited early: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}
