#!/usr/bin/env node
// Guide query benchmark: a database holding 1,000 channels × 14 days of programmes (imported through
// guides.add) and a playlist of 1,000 channels mapped to them by tvg-id; then guide.query for 200
// random channels × 12 hours at random times, timed one by one through the contract.
//   node bench/import/guide-query.mjs [--queries 200] [--warmup 20] [--channels 200] [--hours 12] [--days 14] [--strict]
// Target: p95 under 20 ms for the grid query (details: false); the same with details is printed too.
import { loadavg } from 'node:os';
import { argOf, bundleHarness, fileMB, generated, measureAll, target } from './lib.mjs';

const argv = process.argv.slice(2);
const query = {
  queries: argOf(argv, 'queries', 200),
  warmup: argOf(argv, 'warmup', 20),
  channels: argOf(argv, 'channels', 200),
  hours: argOf(argv, 'hours', 12),
  days: argOf(argv, 'days', 14),
  guideChannels: argOf(argv, 'guide-channels', 1000),
};
const bundles = { harness: await bundleHarness(), query };
const file = await generated(
  'xmltv.mjs',
  ['--channels', String(query.guideChannels), '--days', String(query.days)],
  '.xml',
);
console.log(
  `\nGuide query: ${query.channels} channels × ${query.hours} h from ${query.guideChannels} channels × ${query.days} days (${fileMB(file).toFixed(0)} MB guide), ${query.queries} queries (node ${process.version}, load avg ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')})`,
);
const GRID = 'grid (details: false)';
const LISTING = 'with details (details: true)';
const summary = await measureAll(
  [
    { label: GRID, name: 'guide:query', file },
    { label: LISTING, name: 'guide:query-descriptions', file },
  ],
  1,
  { bundles },
);
const rows = [];
for (const label of [GRID, LISTING]) {
  const s = summary.get(label);
  if (s.error) {
    console.log(`ERROR ${label}: ${s.error}`);
    process.exit(1);
  }
  rows.push(
    `| ${label} | ${s.items} | ${s.extra.p50.toFixed(1)} | ${s.extra.p95.toFixed(1)} | ${s.extra.max.toFixed(1)} | ${s.checks} |`,
  );
}
console.log(
  `\n| query | queries | p50 ms | p95 ms | max ms | notes |\n|---|---|---|---|---|---|\n${rows.join('\n')}`,
);
// The target is the guide grid's query (what the UI asks for); the same with every programme's details
// (description, categories, episode number, icon, rating) is shown for information.
const grid = summary.get(GRID);
console.log('\nTargets:');
const ok = target('guide query (grid) p95 < 20 ms', grid.extra.p95 < 20, `${grid.extra.p95.toFixed(1)} ms`);
if (argv.includes('--strict') && !ok) process.exit(1);
