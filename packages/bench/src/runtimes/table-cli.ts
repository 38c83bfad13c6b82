#!/usr/bin/env node
/**
 * The runtime table alone (the full bench includes it):
 *   node packages/bench/dist/runtimes/table-cli.js [--quick] [--json]
 * with RACELAB_RUNTIMES_DIR pointing at the installed runtimes (scripts/test-runtimes.sh lays them out).
 */
import { parseArgs } from 'node:util';
import { fullSettings, quickSettings } from '../settings.js';
import { formatRuntimeTable } from './runtime-report.js';
import { measureRuntimes } from './runtime-table.js';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});
const { rounds, ...point } = (values.quick ? quickSettings : fullSettings).runtimeTable;
const table = await measureRuntimes(point, rounds, (message) => process.stderr.write(`[bench] ${message}\n`));
process.stdout.write(values.json ? `${JSON.stringify(table, null, 2)}\n` : `${formatRuntimeTable(table).join('\n')}\n`);
