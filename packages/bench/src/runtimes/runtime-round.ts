/** Child process of the runtime table: `<runtime> runtime-round.js '{"workers":10,"iterations":1000000}'`. */
import { type RoundRequest, runRound } from './round.js';

const request = JSON.parse(process.argv[2] ?? '{}') as RoundRequest;
process.stdout.write(`${JSON.stringify(await runRound(request))}\n`);
// Deno and Bun keep no handles open either, but exit explicitly so a stray timer cannot hold a round.
process.exit(0);
