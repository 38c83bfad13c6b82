import { Cleanup, spawnGroup } from './processes.js';

export interface VirtualDisplay {
  /** For the DISPLAY variable, e.g. `:99`. */
  display: string;
  stop(): Promise<void>;
}

/**
 * A virtual X display. Xvfb picks a free display number itself and writes it to the descriptor
 * named by -displayfd once it accepts clients, so there is no guessing and no waiting on the clock.
 */
export async function startXvfb(xvfb: string): Promise<VirtualDisplay> {
  const server = spawnGroup(xvfb, ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const cleanup = new Cleanup();
  cleanup.add(() => server.stop());
  const pipe = server.child.stdio[3];
  const number = new Promise<string>((resolve) => {
    let text = '';
    pipe?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
  });
  const first = await Promise.race([number, server.exited.then((reason) => new Error(reason))]);
  if (first instanceof Error) return cleanup.failed(first);
  pipe?.destroy();
  return { display: `:${first}`, stop: () => cleanup.run() };
}
