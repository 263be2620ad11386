#!/usr/bin/env node
// Connection allocation micro-benchmark: N wants over 14 days on 200 channels of 6 provider accounts
// (limits 1 to 4, one unlimited), a quarter with a second source and a third with 1-3 other airings,
// 2 % already recording; every want is a 30-120 min programme with padding, starting on a 5-minute grid.
//   node bench/schedule/allocate.mjs [--n 1000,5000,20000] [--runs 15]
// Target: 5,000 wants in well under 100 ms (median). allocate.ts is pure, so this runs it alone.
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? fallback : argv[i + 1];
};
const sizes = String(arg('n', '1000,5000,20000')).split(',').map(Number);
const runs = Number(arg('runs', 15));

// The module has no dependencies: bundle it to a temp file (not under node_modules, which may be shared).
const outfile = path.join(os.tmpdir(), 'tapedeck-bench-allocate.mjs');
await require('esbuild').build({
  entryPoints: [path.join(ROOT, 'src-main/core/schedule/allocate.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  logLevel: 'warning',
});
const { allocate } = await import(outfile);

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const LIMITS = [1, 2, 2, 3, 4, null];
const groups = new Map(LIMITS.map((limit, i) => [`g${i}`, { key: `g${i}`, name: `Provider ${i}`, limit }]));
const channels = Array.from({ length: 200 }, (_, i) => ({
  channelId: i + 1,
  channelName: `Channel ${i + 1}`,
  group: `g${i % LIMITS.length}`,
}));

function plan(n, seed) {
  const next = rng(seed);
  const t0 = Date.UTC(2026, 2, 1);
  const pick = () => channels[Math.floor(next() * channels.length)];
  const slot = () => t0 + Math.floor(next() * 14 * 288) * 5 * 60_000;
  const length = () => (30 + Math.floor(next() * 4) * 30) * 60_000;
  return Array.from({ length: n }, (_, i) => {
    const start = slot();
    const end = start + length();
    return {
      id: `w${i}`,
      label: `Programme ${i}`,
      priority: Math.floor(next() * 5),
      start: start - 60_000,
      end: end + 5 * 60_000,
      channels: next() < 0.25 ? [pick(), pick()] : [pick()],
      alternatives:
        next() < 0.33
          ? Array.from({ length: 1 + Math.floor(next() * 3) }, (_, k) => {
              const s = slot();
              return { key: `w${i}-${k}`, start: s, end: s + (end - start), channels: [pick()] };
            })
          : [],
      fixed: next() < 0.02,
    };
  });
}

console.log(
  `allocate: min / median / p95 / max of ${runs} runs (node ${process.version}, ${os.cpus()[0]?.model ?? '?'})`,
);
for (const n of sizes) {
  const wants = plan(n, n);
  for (let i = 0; i < 3; i++) allocate(wants, groups); // warm-up: JIT
  const times = [];
  let result = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = allocate(wants, groups);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  const conflicts = result.filter((p) => p.kind === 'conflict').length;
  const moved = result.filter((p) => p.kind === 'placed' && p.alternative !== null).length;
  console.log(
    `  ${String(n).padStart(6)} wants: ${times[0].toFixed(1)} / ${q(0.5)} / ${q(0.95)} / ${times[times.length - 1].toFixed(1)} ms` +
      `  (${conflicts} conflicts, ${moved} moved to another airing)`,
  );
}
