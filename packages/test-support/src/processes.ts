import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * A helper process (Xvfb, a WebDriver) in its own process group, so stopping it also stops what it
 * started (MiniBrowser and WebKit's own processes). If this process exits first, the group is killed.
 */
export interface GroupProcess {
  child: ChildProcess;
  /** Resolves with a one-line reason when the process ends on its own. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export function spawnGroup(command: string, args: string[], options: SpawnOptions): GroupProcess {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const child of running) killGroup(child, 'SIGKILL');
    });
  }
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`${command} did not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      running.delete(child);
      const last = stderr.trim().split('\n').at(-1) ?? '';
      resolve(`${command} exited (${signal ?? `code ${code}`})${last ? `: ${last}` : ''}`);
    });
  });
  return {
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await once(child, 'exit').catch(() => undefined);
      clearTimeout(timer);
      // Whatever the leader started may outlive it: the rest of the group goes too.
      killGroup(child, 'SIGKILL');
    },
  };
}

/** Runs `steps` in reverse order of registration, each even if an earlier one failed. */
export class Cleanup {
  readonly #steps: (() => Promise<void>)[] = [];

  add(step: () => Promise<void>): void {
    this.#steps.push(step);
  }

  async run(): Promise<void> {
    const errors: unknown[] = [];
    for (const step of this.#steps.splice(0).reverse()) {
      await step().catch((error: unknown) => errors.push(error));
    }
    if (errors.length > 0) throw new AggregateError(errors, 'closing the browser failed');
  }

  /** On a failed start: undo what was started, then rethrow the original error. */
  async failed(error: unknown): Promise<never> {
    await this.run().catch(() => undefined);
    throw error;
  }
}
