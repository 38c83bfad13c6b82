/** Where a command writes: the process streams in the CLI, fakes in tests. */
export interface CommandOutput {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export const processOutput: CommandOutput = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/** A one-line progress indicator on stderr, only when a person is watching it. */
export function progressLine(output: CommandOutput): { update(text: string): void; clear(): void } {
  if (output.stderr.isTTY !== true) return { update() {}, clear() {} };
  let shown = false;
  return {
    update(text) {
      shown = true;
      output.stderr.write(`\r\x1b[2K${text}`);
    },
    clear() {
      if (shown) output.stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
