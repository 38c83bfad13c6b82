#!/usr/bin/env node
/**
 * `pnpm bench [--quick] [--json] [--svg PATH | --no-svg] [--only store]`. Progress goes to stderr, so with `--json`
 * stdout holds exactly one JSON document. A full run rewrites `docs/bench.svg` for the README.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags, reportError, UsageError } from '@racelab/command-line';
import { runBench } from './bench.js';
import { benchEnvironment, machineLine } from './environment.js';
import { renderChart } from './report/svg.js';
import { formatReport } from './report/table.js';
import { type BenchSettings, fullSettings, quickSettings } from './settings.js';
import { measureStore } from './store/store-bench.js';
import { formatStoreSection } from './store/store-table.js';

const DEFAULT_SVG = fileURLToPath(new URL('../../../docs/bench.svg', import.meta.url));

const USAGE = `usage: racelab-bench [--quick] [--json] [--svg PATH | --no-svg] [--only store]
  --quick     a smoke run, under a minute (fewer points and trials; no chart unless --svg)
  --json      print one JSON document (environment, settings, results) and nothing else on stdout
  --svg PATH  where to write the chart (default for a full run: docs/bench.svg at the repo root)
  --no-svg    write no chart
  --only store  only the store section (inserts, pages from 1,000,000 runs, size, driver; ~10 min full)`;

async function main(): Promise<number> {
  const flags = parse();
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const settings = flags.quick ? quickSettings : fullSettings;
  if (flags.only !== undefined) {
    if (flags.only !== 'store') throw new UsageError(`--only: must be store, got ${flags.only}`);
    return storeOnly(settings, flags.json);
  }
  const report = await runBench(settings, (message) => process.stderr.write(`[bench] ${message}\n`));
  const svgPath = flags['no-svg'] ? undefined : (flags.svg ?? (flags.quick ? undefined : DEFAULT_SVG));
  if (svgPath) {
    mkdirSync(dirname(svgPath), { recursive: true });
    writeFileSync(svgPath, renderChart(report));
    process.stderr.write(`[bench] chart written to ${svgPath}\n`);
  }
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return 0;
}

async function storeOnly(settings: BenchSettings, json: boolean): Promise<number> {
  const environment = benchEnvironment();
  const store = await measureStore(settings.store, (message) => process.stderr.write(`[bench] ${message}\n`));
  const text = [
    `racelab bench (${settings.name}, store only) on ${machineLine(environment)}`,
    ...formatStoreSection(store),
  ];
  process.stdout.write(
    json ? `${JSON.stringify({ environment, settings: settings.store, store }, null, 2)}\n` : `${text.join('\n')}\n`,
  );
  return 0;
}

function parse() {
  return parseFlags({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      svg: { type: 'string' },
      'no-svg': { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError('racelab-bench', error);
  },
);
