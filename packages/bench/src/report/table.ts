/** The bench report as readable text: one table per section, then the targets' verdicts. */
import type { BenchReport } from '../bench.js';
import { busyWarning, machineLine } from '../environment.js';
import { fairnessTable } from '../fairness/fairness-table.js';
import type { Measurement } from '../measurement.js';
import { formatRuntimeTable } from '../runtimes/runtime-report.js';
import { formatStoreSection } from '../store/store-table.js';
import { SUBJECT_LABELS, SUBJECTS } from '../subjects.js';
import type { TargetCheck } from '../targets.js';
import { columns, count, millions, ms, percent, times } from './numbers.js';

export function formatReport(report: BenchReport): string {
  const { settings } = report;
  return [
    `racelab bench (${settings.name}) on ${machineLine(report.environment)}`,
    `Atomics.pause: ${report.environment.atomicsPause ? 'yes' : 'no (spin hint: private Atomics.load)'}; ` +
      `${settings.trials} trials each after warm-up, racelab's strategies taking turns trial by trial, ` +
      'anchors right after; ' +
      `took ${(report.durationMs / 1000).toFixed(0)} s`,
    `Other processes' share of the CPU while the strategies ran: ${percent(report.interference)}`,
    ...(busyWarning(report.interference) ? [busyWarning(report.interference) as string] : []),
    '',
    `Worker sweep, ${count(settings.sweepTotal)} increments per trial in all: median M ops/s`,
    ...sweepMatrix(report.workerSweep),
    '',
    'Every measurement: M ops/s median [min–max], ratio to atomic at the same point',
    ...detailTable([...report.workerSweep, ...report.iterationSweep]),
    '',
    ...overheads(report),
    '',
    ...fairnessTable(report.fairness, settings.fairness.windowMs),
    '',
    ...formatRuntimeTable(report.runtimes),
    '',
    ...formatStoreSection(report.store),
    '',
    'Targets (issues #5, #11 and #12)',
    ...columns(
      report.targets.map((target) => [
        target.met === null ? 'n/a ' : target.met ? 'MET ' : 'MISS',
        target.description,
        targetValue(target),
        target.detail,
      ]),
      2,
    ),
  ].join('\n');
}

function sweepMatrix(points: Measurement[][]): string[] {
  const header = ['', ...points.map((point) => `${point[0]?.workers ?? ''} w`)];
  const rows = SUBJECTS.map((subject) => [
    SUBJECT_LABELS[subject],
    ...points.map((point) => {
      const entry = point.find((candidate) => candidate.subject === subject);
      return entry?.opsPerSecond ? millions(entry.opsPerSecond.median) : 'n/a';
    }),
  ]);
  return columns([header, ...rows]);
}

function detailTable(points: Measurement[][]): string[] {
  const rows = [['workers', 'per worker', 'subject', 'median', 'min', 'max', '×atomic', 'result']];
  for (const point of points) {
    for (const entry of point) {
      const stats = entry.opsPerSecond;
      rows.push([
        String(entry.workers),
        count(entry.iterations),
        SUBJECT_LABELS[entry.subject],
        stats ? millions(stats.median) : 'n/a',
        stats ? millions(stats.min) : '',
        stats ? millions(stats.max) : '',
        times(entry.ratioToAtomic),
        entry.unavailable
          ? `unavailable: ${entry.unavailable}`
          : resultText(entry) + (entry.note ? `; ${entry.note}` : ''),
      ]);
    }
  }
  return columns(rows, [2, 7]);
}

function resultText(entry: Measurement): string {
  if (entry.exact) return 'exact';
  const expected = entry.samples[0]?.increments ?? 1;
  const lost = entry.lostUpdates ?? { median: 0, max: 0 };
  return `lost ${percent(lost.median / expected)} median, up to ${count(lost.max)} of ${count(expected)}`;
}

function overheads(report: BenchReport): string[] {
  const { startup, telemetry, memory, oneShot } = report;
  return [
    'Start-up: mutex, 10 × 100,000 (medians)',
    ...columns([
      [
        'cold one-shot (runExperiment)',
        `total ${ms(startup.coldTotalMs)}`,
        `spawn ${ms(startup.coldSpawnMs)}`,
        `run ${ms(startup.coldRunMs)}`,
      ],
      [
        'warm rerun (ExperimentRunner)',
        `total ${ms(startup.warmTotalMs)}`,
        `run ${ms(startup.warmRunMs)}`,
        `total/run ${times(startup.warmOverhead)}`,
      ],
    ]),
    '',
    'Live telemetry: median M ops/s with progress sampling off / every 50 ms / every 10 ms',
    ...columns(
      telemetry.map((entry) => [
        `${entry.strategy}, ${entry.workers} × ${count(entry.iterations)}`,
        millions(entry.off),
        millions(entry.every50ms),
        millions(entry.every10ms),
        `cost ${percent(entry.cost50ms)} / ${percent(entry.cost10ms)}`,
      ]),
    ),
    '',
    `Memory: RSS ${memory.baselineRssMiB.toFixed(0)} MiB before any worker, ` +
      `${memory.rssWith64WorkersMiB.toFixed(0)} MiB with the sweep's workers warm ` +
      `(${memory.perWorkerMiB.toFixed(1)} MiB each), peak ${memory.peakRssMiB.toFixed(0)} MiB`,
    '',
    'One-shot, start to exit (child processes taking turns, median [min])',
    ...columns(
      oneShot.commands.map((entry) => [
        entry.name,
        ms(entry.medianMs),
        `[${ms(entry.minMs)}]`,
        entry.failed ? `FAILED: ${entry.failed}` : entry.command,
      ]),
    ),
    ...oneShotSummary(oneShot),
  ];
}

function oneShotSummary(oneShot: BenchReport['oneShot']): string[] {
  const lines: string[] = [];
  const { breakdown } = oneShot;
  if (breakdown) {
    lines.push(
      `${oneShot.racelab}: ${ms(breakdown.totalMs)} = node start ${ms(breakdown.nodeStartMs)} + ` +
        `spawning 10 threads ${ms(breakdown.spawnMs)} + 1,000,000 locked increments ${ms(breakdown.runMs)} + ` +
        `the rest ${ms(breakdown.otherMs)} (modules, validation, output, ending the threads)`,
    );
  }
  if (oneShot.peakRssMiB !== null) lines.push(`peak memory of the one-shot: ${oneShot.peakRssMiB.toFixed(0)} MiB`);
  const { hyperfine } = oneShot;
  if (typeof hyperfine === 'string') return [...lines, hyperfine];
  return [
    ...lines,
    '',
    `${hyperfine.version} (each command's runs back to back): mean ± σ, median, CPU user + system`,
    ...columns(
      hyperfine.results.map((entry) => [
        entry.name,
        `${ms(entry.meanMs)} ± ${ms(entry.stddevMs)}`,
        ms(entry.medianMs),
        `${ms(entry.userMs)} + ${ms(entry.systemMs)}`,
      ]),
    ),
    `  ${hyperfine.commandLine}`,
  ];
}

function targetValue(target: TargetCheck): string {
  if (target.value === null) return '–';
  if (target.id === 'telemetry' || target.unit === 'percent') return percent(target.value);
  if (target.id === 'one-shot-memory') return `${target.value.toFixed(0)} MiB`;
  if (target.unit === 'index') return target.value.toFixed(3);
  return times(target.value);
}
