#!/usr/bin/env node
// Planning benchmark (issue 9): 200 rules against a 1,000-channel × 14-day guide.
//   node bench/schedule/plan.mjs [--channels 1000] [--days 14] [--rules 200] [--titles 5000] [--runs 1]
// The guide is generated (5,000 distinct titles, starting today) and a playlist carries every guide
// channel; a real Dvr imports it, then N rules (mostly exact titles, some contains/prefix/regex, day and
// time filters, new-only, one in twenty a weekday time rule) are planned for 14 days. Printed, from the
// same run: the guide import, the first evaluation (materialising every recording), an evaluation with
// nothing changed, the guide refresh and the re-evaluation after it.
// Targets: materialisation under 1 s; re-evaluation at most a quarter of the refresh it follows.
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(argv[i + 1]);
};
const channels = arg('channels', 1000);
const days = arg('days', 14);
const rules = arg('rules', 200);
const titles = arg('titles', 5000);
const runs = arg('runs', 1);

const work = path.join(os.tmpdir(), 'tapedeck-plan-bench');
mkdirSync(work, { recursive: true });
const day = new Date().toISOString().slice(0, 10);
const guide = path.join(work, `guide-${day}-${channels}x${days}-${titles}.xml`);
if (!existsSync(guide)) {
  const gen = spawnSync(process.execPath, [
    path.join(ROOT, 'scripts/gen-fixtures/xmltv.mjs'),
    ...['--channels', String(channels), '--days', String(days), '--titles', String(titles)],
    ...['--start', day, '--out', guide],
  ]);
  if (gen.status !== 0) throw new Error(`guide generator failed: ${gen.stderr}`);
}

// The harness and the import writer thread, built from the TypeScript sources.
const outdir = path.join(ROOT, 'node_modules', '.cache', 'tapedeck-bench');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, 'plan-harness.mjs');
await require('esbuild').build({
  entryPoints: [path.join(HERE, 'plan-harness.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
const { buildWorkers } = await import('../../scripts/build-workers.mjs');
await buildWorkers([outdir]);
process.env.TAPEDECK_SQL_WORKER = path.join(outdir, 'sql-writer-worker.cjs');
const { planBench } = await import(pathToFileURL(outfile).href);
const { printRows, target } = await import('../parsers/lib.mjs');

console.log(
  `planning: ${rules} rules, guide ${channels} channels × ${days} days (${titles} titles), ` +
    `node ${process.version}, ${os.availableParallelism()} cores, loadavg ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
);
const results = [];
for (let i = 0; i < runs; i++) {
  results.push(
    await planBench(path.join(ROOT, 'src-main/core/db/migrations'), guide, channels, rules, titles / 18),
  );
}
const ms = (x) => `${Math.round(x)} ms`;
printRows([
  [
    'run',
    'import',
    'first evaluation',
    'nothing changed',
    'refresh',
    're-evaluation',
    'will record / skipped / conflicts',
  ],
  ...results.map((r, i) => [
    String(i + 1),
    `${ms(r.importMs)} (${r.programmes} programmes)`,
    ms(r.materializeMs),
    ms(r.idleMs),
    ms(r.refreshMs),
    ms(r.reevaluateMs),
    `${r.scheduled} / ${r.skipped} / ${r.conflicts}`,
  ]),
]);
console.log('');
const worst = (key) => Math.max(...results.map((r) => r[key]));
target('materialisation of 14 days under 1 s', worst('materializeMs') < 1000, ms(worst('materializeMs')));
const ratio = Math.max(...results.map((r) => r.reevaluateMs / r.refreshMs));
target('re-evaluation at most 1/4 of the refresh it follows', ratio <= 0.25, `${(ratio * 100).toFixed(0)} %`);
