import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The API's command line, as `pnpm api` runs it: turbo builds it before this package's tests. */
const CLI = fileURLToPath(new URL('../../../api/dist/cli.js', import.meta.url));

export interface ApiServer {
  url: string;
  stop(): Promise<void>;
}

export interface ApiServerOptions {
  /** A loopback address of its own (127.0.0.x), for several servers side by side; default 127.0.0.1. */
  address?: string;
  /** More command-line flags (`--database`, `--host-name`…). */
  args?: readonly string[];
}

/** Starts the real server on a loopback address and a free port; resolves once it listens. */
export async function startApiServer(
  env: Record<string, string> = {},
  { address = '127.0.0.1', args = [] }: ApiServerOptions = {},
): Promise<ApiServer> {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--quiet', ...args], {
    // Never the user's own notebook: memory only unless a test names a database.
    env: { ...process.env, RACELAB_DATABASE_URL: 'none', ...env, HOST: address },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await listeningUrl(child);
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        // Keep draining stderr so the server never blocks on a full pipe.
        child.stderr?.resume();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`the API exited (${code}) before listening:\n${output}`));
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}
