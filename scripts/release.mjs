#!/usr/bin/env node
/**
 * `pnpm release`: build, then `changeset publish` (which packs and publishes every public package whose
 * version is not on the registry yet; each `prepack` builds again, a turbo cache hit).
 *
 * `pnpm release --dry-run [--out DIR]`: the same from a fresh clone of HEAD, without publishing. It
 * clones, installs, applies the pending changesets (`changeset version`, as the release commit
 * will), builds, packs every public package into DIR (default `.release/`), lints each tarball with
 * publint (strict) and Are the Types Wrong (ESM-only profile), and prints the versions, changelogs
 * and tarball contents. `scripts/check-release.mjs` then installs those tarballs and runs the READMEs.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dryRun, publish } from './lib/release.mjs';
import { ROOT } from './lib/workspace.mjs';

const args = process.argv.slice(2);
try {
  if (args.includes('--dry-run')) {
    const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' }, out: { type: 'string' } } });
    dryRun(resolve(ROOT, values.out ?? '.release'));
  } else {
    // Anything given (--otp, --tag) is changeset publish's.
    publish(args);
  }
} catch (error) {
  console.error(`release: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
