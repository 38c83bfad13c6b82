import { columns, count } from '../report/numbers.js';
import type { StoreReport } from './store-bench.js';
import { storeTargets } from './store-targets.js';

const fixed = (value: number | undefined, digits = 2) => (value === undefined ? '–' : value.toFixed(digits));

/** The store section as text: inserts, seeding and size per engine, then every page with its index, then the driver. */
export function formatStoreSection(report: StoreReport): string[] {
  const lines = [
    `Store (issue 17): ${count(report.seedRuns)} seed-sized runs per engine; load average ${report.loadBefore.toFixed(1)} at the start`,
    ...columns([
      ['engine', 'insert, empty', 'insert, seeded', 'seeded in', 'runs/s', 'size/run'],
      ...report.engines.map((engine) =>
        engine.unavailable
          ? [engine.engine, 'unavailable:', engine.unavailable, '', '', '']
          : [
              engine.engine,
              `${fixed(engine.insertEmptyMs?.median)} ms`,
              `${fixed(engine.insertSeededMs?.median)} ms`,
              `${fixed(engine.seed?.seconds, 1)} s`,
              count(Math.round(engine.seed?.runsPerSecond ?? 0)),
              `${fixed((engine.bytesPerRun ?? 0) / 1024)} KiB`,
            ],
      ),
    ]),
    ...report.engines.filter((engine) => engine.setup).map((engine) => `  ${engine.engine}: ${engine.setup}`),
    `  this disk: a small write + fdatasync takes ${fixed(report.fsyncMs.median)} ms (median), the floor of a durable commit`,
    '',
    'A page of 50, newest first: median ms [min–max] and the index the plan reads',
    ...columns(
      [
        ['query', ...report.engines.flatMap((engine) => [engine.engine, 'index'])],
        ...(report.engines.find((engine) => engine.pages.length > 0)?.pages ?? []).map((page, index) => [
          `${page.name} (${page.rows} rows)`,
          ...report.engines.flatMap((engine) => {
            const timing = engine.pages[index];
            if (!timing) return ['–', ''];
            return [
              `${fixed(timing.ms.median)} [${fixed(timing.ms.min)}–${fixed(timing.ms.max)}]`,
              `${timing.index ?? 'TABLE SCAN'}${timing.sorts ? ' + sort' : ''}`,
            ];
          }),
        ]),
      ],
      [0, 2, 4],
    ),
    '',
    ...driverLines(report),
    '',
    'Store targets (issue 17)',
    ...columns(
      storeTargets(report).map((target) => [
        target.met === null ? 'n/a ' : target.met ? 'MET ' : 'MISS',
        target.description,
        target.value,
      ]),
      2,
    ),
  ];
  return lines;
}

function driverLines(report: StoreReport): string[] {
  const { driver } = report;
  const install =
    'skipped' in driver.install
      ? `install: ${driver.install.skipped}`
      : `\`${driver.install.command}\` ${driver.install.seconds.toFixed(1)} s: ${driver.install.packages} packages, ` +
        `${driver.install.mebibytes.toFixed(1)} MiB, install scripts: ${driver.install.installScripts.join('; ') || 'none'} (prebuilt, no compiler)`;
  return [
    `Embedded driver ${driver.driver}`,
    `  ${install}`,
    `  fresh process: import @racelab/store ${fixed(driver.importMs.median, 1)} ms, open an existing notebook ` +
      `${fixed(driver.openExistingMs.median, 1)} ms; create a new one (folders, schema, indexes) ${fixed(driver.openNewMs.median, 1)} ms (medians)`,
  ];
}
