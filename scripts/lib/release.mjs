/** The release path shared by `pnpm release` and the CI check: pack, lint, dry run, publish. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capture, pendingChangesets, publicPackages, ROOT, run } from './workspace.mjs';

const PNPM = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';

/** `@racelab/core` at 0.1.0 packs to `racelab-core-0.1.0.tgz`. */
export function tarballName({ name, version }) {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

function changelogHead(dir, version) {
  try {
    const text = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
    const start = text.indexOf(`## ${version}`);
    if (start < 0) return '(no entry for this version)';
    const next = text.indexOf('\n## ', start + 1);
    return text.slice(start, next < 0 ? undefined : next).trim();
  } catch {
    return '(no CHANGELOG.md)';
  }
}

/** What a published tarball must and must not hold, beyond what publint checks. */
function checkContents(name, files) {
  const problems = [];
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!files.includes(required)) problems.push(`${name}: ${required} is missing`);
  }
  if (!files.some((file) => file.startsWith('dist/') && file.endsWith('.js'))) problems.push(`${name}: no dist/*.js`);
  for (const file of files) {
    if (/\.test\.|\.tsbuildinfo$|(^|\/)\.turbo\//.test(file)) problems.push(`${name}: ships ${file}`);
  }
  return problems;
}

/** Packs and lints every public package of the workspace at `root`; returns the tarballs. */
export function packAndLint(root, outDir) {
  const packages = publicPackages(root);
  const filters = packages.map((pkg) => `--filter=${pkg.name}...`);
  run(PNPM, ['exec', 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only'], { cwd: root });
  const problems = [];
  const tarballs = [];
  for (const pkg of packages) {
    capture(PNPM, ['pack', '--pack-destination', outDir], { cwd: pkg.dir });
    const tarball = join(outDir, tarballName(pkg));
    const files = capture('tar', ['-tzf', tarball])
      .split('\n')
      .filter(Boolean)
      .map((file) => file.replace(/^package\//, ''))
      .sort();
    console.log(`\n== ${pkg.name}@${pkg.version}: ${tarball} (${files.length} files)`);
    console.log(changelogHead(pkg.dir, pkg.version));
    console.log(`\n${files.map((file) => `  ${file}`).join('\n')}`);
    problems.push(...checkContents(pkg.name, files));
    console.log(`\npublint (strict), ${pkg.name}:`);
    run(PNPM, ['exec', 'publint', 'run', '--strict', tarball], { cwd: root });
    console.log(`\nAre the Types Wrong (ESM-only profile), ${pkg.name}:`);
    run(PNPM, ['exec', 'attw', tarball, '--profile', 'esm-only', '--format', 'table-flipped', '--no-color'], {
      cwd: root,
    });
    tarballs.push({ ...pkg, tarball, files });
  }
  if (problems.length > 0) throw new Error(`tarball contents:\n  ${problems.join('\n  ')}`);
  return tarballs;
}

/** The dry run: a fresh clone of HEAD, versioned as the release commit will be, packed and linted. */
export function dryRun(outDir) {
  const dirty = capture('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT }).trim();
  if (dirty) console.warn('release --dry-run: uncommitted changes are not in the clone; it packs HEAD.');
  const head = capture('git', ['rev-parse', 'HEAD'], { cwd: ROOT }).trim();
  const scratch = mkdtempSync(join(tmpdir(), 'racelab-release-'));
  const clone = join(scratch, 'repo');
  try {
    run('git', ['clone', '--quiet', '--no-checkout', ROOT, clone]);
    run('git', ['checkout', '--quiet', '--detach', head], { cwd: clone });
    console.log(`release --dry-run: fresh clone of ${head.slice(0, 12)} in ${clone}`);
    run(PNPM, ['install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent'], { cwd: clone });
    const pending = pendingChangesets(clone);
    if (pending.length > 0) {
      console.log(`applying ${pending.length} pending changeset(s): ${pending.join(', ')}`);
      run(PNPM, ['exec', 'changeset', 'version'], { cwd: clone });
    }
    mkdirSync(outDir, { recursive: true });
    for (const pkg of publicPackages(clone)) rmSync(join(outDir, tarballName(pkg)), { force: true });
    const tarballs = packAndLint(clone, outDir);
    console.log(`\nrelease --dry-run: ${tarballs.length} tarballs in ${outDir}; nothing was published.`);
    return tarballs;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The real thing: refuses while changesets are pending, builds, then `changeset publish` with `args`. */
export function publish(args) {
  const pending = pendingChangesets();
  if (pending.length > 0) {
    throw new Error(
      `${pending.length} changeset(s) not applied yet (${pending.join(', ')}): run \`pnpm changeset version\`, ` +
        'review and commit the versions and changelogs, then release.',
    );
  }
  run(PNPM, ['exec', 'turbo', 'run', 'build'], { cwd: ROOT });
  run(PNPM, ['exec', 'changeset', 'publish', ...args], { cwd: ROOT });
}
