/** What the release scripts need to know about the workspace: its root, its public packages, pending changesets. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The workspace folders of pnpm-workspace.yaml (`packages/*`, `apps/*`) holding a package.json. */
function workspaceDirs(root) {
  const globs = [
    ...readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').matchAll(/^\s+-\s+["']?([^"'\s]+)\/\*["']?$/gm),
  ];
  return globs.flatMap(([, parent]) => {
    const base = join(root, parent);
    if (!existsSync(base)) return [];
    return readdirSync(base, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(base, entry.name, 'package.json')))
      .map((entry) => join(base, entry.name));
  });
}

/** Every package that is published (not `private`), as `{ name, version, dir, manifest }`. */
export function publicPackages(root = ROOT) {
  return workspaceDirs(root)
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir, manifest }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Changeset files not yet applied by `changeset version`. */
export function pendingChangesets(root = ROOT) {
  const dir = join(root, '.changeset');
  return readdirSync(dir).filter((file) => file.endsWith('.md') && file !== 'README.md');
}

/** Runs a command, streaming its output; throws when it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    const how = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new Error(`${command} ${args.join(' ')} failed (${how})`);
  }
  return result;
}

/** Runs a command and returns its stdout; throws with its stderr when it fails. */
export function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error?.message || result.status}`);
  }
  return result.stdout;
}
