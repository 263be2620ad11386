// `npm run bench`: every benchmark in turn (figures, not pass/fail). Each can also run on its own;
// see bench/README.md. Needs `npm run build` for the capture and UI benchmarks.
import { spawnSync } from 'node:child_process';

const benches = [
  'bench/parsers/m3u.mjs',
  'bench/parsers/xmltv.mjs',
  'bench/import/m3u.mjs',
  'bench/import/xmltv.mjs',
  'bench/import/guide-query.mjs',
  'bench/import/guide-search.mjs',
  'bench/schedule/allocate.mjs',
  'bench/capture/reconnect.mjs',
  'bench/capture/concurrency.mjs',
  'bench/ui/guide-grid.mjs',
];
let failed = 0;
for (const bench of benches) {
  process.stdout.write(`\n##### ${bench}\n`);
  const run = spawnSync(process.execPath, [bench, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
