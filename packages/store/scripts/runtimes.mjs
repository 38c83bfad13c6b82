// The store on Node, Bun and Deno: runs scripts/runtime-smoke.mjs on each, against a new SQLite file
// and a throwaway PostgreSQL server (when this machine has one; under CI=true it must).
//   node scripts/runtimes.mjs <bun binary> <deno binary>        (after `pnpm build`)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startPostgresServer } from '@racelab/store/testing';

const [bun, deno] = process.argv.slice(2);
if (!bun || !deno) {
  console.error('usage: node scripts/runtimes.mjs <bun binary> <deno binary>');
  process.exit(2);
}
const smoke = fileURLToPath(new URL('runtime-smoke.mjs', import.meta.url));
const server = await startPostgresServer();
if (!server) {
  if (process.env.CI === 'true') throw new Error('no PostgreSQL found: CI must test the store on it');
  console.log('PostgreSQL not found: SQLite only');
}
let failed = false;
try {
  for (const command of [[process.execPath], [bun], [deno, 'run', '-A']]) {
    try {
      const args = [...command.slice(1), smoke, ...(server ? [server.url] : [])];
      process.stdout.write(execFileSync(command[0], args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
    } catch (error) {
      failed = true;
      process.stdout.write(error.stdout ?? '');
      console.error(`FAILED on ${command[0]}: ${error.message}`);
    }
  }
} finally {
  await server?.remove();
}
process.exit(failed ? 1 : 0);
