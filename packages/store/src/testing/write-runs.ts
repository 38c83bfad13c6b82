// A second process for the two-writers test: opens the store at argv[2] and saves argv[4] runs
// named argv[3]-N, one autocommitted write each, while another process does the same.
import { openRunStore } from '../open.js';
import { makeStoredRun } from './runs.js';

const [path, name, count] = process.argv.slice(2);
const store = await openRunStore(path);
for (let index = 0; index < Number(count); index += 1) {
  await store.save(makeStoredRun({ id: `${name}-${index}`, createdAt: new Date().toISOString() }));
}
await store.close();
