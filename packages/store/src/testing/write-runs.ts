// A second process for the SQLite tests: opens the store at argv[2] and saves argv[4] runs named
// argv[3]-N, one autocommitted write each, printing each id once its save has resolved (what a
// client would have seen finish). argv[4] = 0: until killed.
import { openRunStore } from '../open.js';
import { makeStoredRun } from './runs.js';

const [path, name, count] = process.argv.slice(2);
const limit = Number(count) || Number.POSITIVE_INFINITY;
const store = await openRunStore(path);
for (let index = 0; index < limit; index += 1) {
  const id = `${name}-${index}`;
  await store.save(makeStoredRun({ id, createdAt: new Date().toISOString() }));
  process.stdout.write(`${id}\n`);
}
await store.close();
