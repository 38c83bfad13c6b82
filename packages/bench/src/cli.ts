#!/usr/bin/env node
/**
 * `pnpm bench [--quick] [--json] [--svg PATH | --no-svg] [--trace-only]`. Progress goes to stderr, so with `--json`
 * stdout holds exactly one JSON document. A full run rewrites `docs/bench.svg` for the README.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags, reportError } from '@racelab/command-line';
import { runBench } from './bench.js';
import { renderChart } from './report/svg.js';
import { formatReport } from './report/table.js';
import { fullSettings, quickSettings } from './settings.js';
import { measureTrace } from './trace/trace-bench.js';
import { traceTable } from './trace/trace-table.js';

const DEFAULT_SVG = fileURLToPath(new URL('../../../docs/bench.svg', import.meta.url));

const USAGE = `usage: racelab-bench [--quick] [--json] [--svg PATH | --no-svg] [--trace-only]
  --quick     a smoke run, under a minute (fewer points and trials; no chart unless --svg)
  --json      print one JSON document (environment, settings, results) and nothing else on stdout
  --svg PATH  where to write the chart (default for a full run: docs/bench.svg at the repo root)
  --no-svg    write no chart
  --trace-only  only the trace's section (its cost per strategy, analysis time, loss rate)`;

async function main(): Promise<number> {
  const flags = parse();
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const settings = flags.quick ? quickSettings : fullSettings;
  if (flags['trace-only']) return traceOnly(settings.trace, flags.json);
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

async function traceOnly(settings: typeof fullSettings.trace, json: boolean): Promise<number> {
  const { ExperimentRunner } = await import('@racelab/core');
  await using runner = new ExperimentRunner({ maxIdleWorkers: Math.max(10, settings.workers) });
  const report = await measureTrace(runner, settings, (message) => process.stderr.write(`[bench] ${message}\n`));
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${traceTable(report).join('\n')}\n`);
  return 0;
}

function parse() {
  return parseFlags({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      svg: { type: 'string' },
      'no-svg': { type: 'boolean', default: false },
      'trace-only': { type: 'boolean', default: false },
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
