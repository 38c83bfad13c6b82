const { runExperiment } = await import('@racelab/core');
const r = await runExperiment({ strategy: 'mutex', workers: 10, iterations: 100_000 });
const tr = r.trials[0];
console.log(JSON.stringify({ spawn: tr.spawnMs, run: tr.runMs, ok: r.summary.correct }));
