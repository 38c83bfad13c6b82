/**
 * Runs started by a Node.js host launched with flags that workers inherit: each starts a real
 * `node` process (the one running these tests) and checks the run completes exactly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`fixtures/host/${name}`, import.meta.url));
const runScript = readFileSync(fixture('run.mjs'), 'utf8');
const [major] = process.versions.node.split('.').map(Number) as [number];
/** These are Node.js flags: elsewhere (Deno, Bun) `process.execPath` is not a node binary. */
const notNode = (globalThis as { Deno?: unknown; Bun?: unknown }).Deno ?? (globalThis as { Bun?: unknown }).Bun;
if (notNode)
  console.log('host-flags tests skipped: they start node with Node.js flags, and this runtime is not Node.js');

interface HostRun {
  line: { status: string; actual: number; error?: unknown };
  stdout: string;
}

/** Starts node with `args`, resolves at the first JSON line on stdout, then ends the process. */
function host(args: string[]): Promise<HostRun> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, args, { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      // Under --test the reporter may prefix the line (TAP: "# ").
      const line = stdout.split('\n').find((text) => text.includes('{"status"') && text.trimEnd().endsWith('}'));
      if (line === undefined) return;
      const json = line.slice(line.indexOf('{"status"'));
      // --watch keeps the host alive: the first result is all the test needs.
      child.kill();
      resolve({ line: JSON.parse(json), stdout });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`node ${args.join(' ')} exited ${code} with no result:\n${stderr}`)));
  });
}

function expectExact({ line }: HostRun): void {
  expect(line).toEqual({ status: 'completed', actual: 2_000 });
}

describe.skipIf(notNode)('a host started with flags that workers would inherit', () => {
  it('--input-type=module --eval', async () => {
    expectExact(await host(['--input-type=module', '--eval', runScript]));
  });

  it('-e (CommonJS eval)', async () => {
    const script = `import(${JSON.stringify(fixture('run.mjs'))}).catch((error) => { console.error(error); process.exit(1); });`;
    expectExact(await host(['-e', script]));
  });

  it('--input-type=module -e with an --import and a --require preload: workers keep the preloads', async () => {
    const run = await host([
      '--require',
      fixture('preload.cjs'),
      `--import=${new URL('fixtures/host/preload.mjs', import.meta.url).href}`,
      '--input-type=module',
      '-e',
      runScript,
    ]);
    expectExact(run);
    expect(run.stdout).toContain('preload --require ran in a worker');
    expect(run.stdout).toContain('preload --import ran in a worker');
  });

  it('--watch', async () => {
    expectExact(await host(['--watch', fixture('run.mjs')]));
  });

  it('--test', async () => {
    expectExact(await host(['--test', fixture('run-in-node-test.mjs')]));
  });

  it('--import tsx (a TypeScript host)', async () => {
    const run = await host(['--import', 'tsx', fixture('run.ts')]);
    expectExact(run);
  });

  it.skipIf(major < 22)('--experimental-strip-types (Node ≥ 22)', async () => {
    expectExact(await host(['--experimental-strip-types', '--no-warnings', fixture('run.ts')]));
  });
});
