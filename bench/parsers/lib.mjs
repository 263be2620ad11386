// Shared plumbing for the parser benchmarks (bench/parsers/m3u.mjs, xmltv.mjs).
//
// Each contender runs in its own child process (bench/parsers/worker.mjs) so
// that peak RSS (process.resourceUsage().maxRSS at the child's end) belongs to
// that contender alone, and no JIT state or heap leaks between contenders.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const PEERS = join(HERE, 'peers');
export const WORK = join(tmpdir(), 'tapedeck-parser-bench');
mkdirSync(WORK, { recursive: true });

const require = createRequire(join(ROOT, 'package.json'));

/** Bundles a TS entry (or inline source) with esbuild into WORK; returns the .mjs path. */
export async function bundle(name, { entry, contents }) {
  const esbuild = require('esbuild');
  const outfile = join(WORK, `${name}.bundle.mjs`);
  await esbuild.build({
    ...(entry
      ? { entryPoints: [join(ROOT, entry)] }
      : { stdin: { contents, resolveDir: ROOT, loader: 'ts' } }),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Runs a fixture generator unless an identical file is cached. The cache key
 * covers the generator sources and the arguments, so editing a generator
 * regenerates its data.
 */
export async function generated(script, args, ext) {
  const gdir = join(ROOT, 'scripts', 'gen-fixtures');
  const hash = createHash('sha1');
  for (const f of [script, 'lib.mjs']) hash.update(readFileSync(join(gdir, f)));
  hash.update(JSON.stringify(args));
  const file = join(WORK, `${script.replace(/\.mjs$/, '')}-${hash.digest('hex').slice(0, 12)}${ext}`);
  if (!existsSync(file)) {
    const t0 = performance.now();
    process.stdout.write(`generating ${file} … `);
    await run(process.execPath, [join(gdir, script), ...args, '--out', `${file}.part`]);
    renameSync(`${file}.part`, file);
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return file;
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

/**
 * One measured run of a contender in a fresh process. The worker prints one
 * JSON line: { ms, maxRssMB, items, checks }.
 */
export async function measure(
  contender,
  file,
  { bundles, nodeArgs = [], timeoutMs = 300_000, worker = join(HERE, 'worker.mjs') } = {},
) {
  const res = await Promise.race([
    run(process.execPath, [...nodeArgs, worker, contender, file, JSON.stringify(bundles)]),
    new Promise((resolve) => setTimeout(() => resolve({ timeout: true }), timeoutMs).unref()),
  ]);
  if (res.timeout) return { error: `timed out after ${timeoutMs / 1000} s` };
  const line = res.out.trim().split('\n').pop() ?? '';
  if (res.code !== 0 || !line.startsWith('{')) {
    const oom = /heap out of memory|Reached heap limit/i.test(res.err);
    return {
      error: oom
        ? 'out of memory'
        : `exit ${res.code ?? res.signal}: ${res.err.trim().split('\n').slice(-3).join(' | ')}`,
      oom,
    };
  }
  return JSON.parse(line);
}

/**
 * Runs every contender `runs` times, interleaved (drift hits all alike). Options go to measure();
 * `stopOnError: false` keeps running the other contenders of a round after one fails.
 */
export async function measureAll(contenders, runs, opts) {
  const results = new Map(contenders.map((c) => [c.label, []]));
  for (let r = 0; r < runs; r++) {
    for (const c of contenders) {
      const res = await measure(c.name, c.file, { ...opts, nodeArgs: c.nodeArgs ?? [] });
      results.get(c.label).push(res);
      const tag = res.error ? `ERROR ${res.error}` : `${res.ms.toFixed(0)} ms, ${res.maxRssMB.toFixed(0)} MB`;
      console.log(`  run ${r + 1}/${runs}  ${c.label.padEnd(36)} ${tag}`);
      if (res.error && opts.stopOnError !== false) break;
    }
  }
  const summary = new Map();
  for (const [label, list] of results) {
    const ok = list.filter((x) => !x.error);
    if (ok.length === 0) {
      summary.set(label, { error: list[0]?.error ?? 'no run' });
      continue;
    }
    const times = ok.map((x) => x.ms).sort((a, b) => a - b);
    summary.set(label, {
      ms: times[Math.floor(times.length / 2)],
      maxRssMB: Math.max(...ok.map((x) => x.maxRssMB)),
      items: ok[0].items,
      checks: ok[0].checks,
      extra: ok[0].extra,
      runs: ok.length,
    });
  }
  return summary;
}

export function fileMB(file) {
  return statSync(file).size / 1e6;
}

export function printTable(summary, inputMB) {
  const rows = [['contender', 'median ms', 'MB/s', 'peak RSS MB', 'items', 'notes']];
  for (const [label, s] of summary) {
    if (s.error) {
      rows.push([label, '-', '-', '-', '-', s.error]);
      continue;
    }
    const mb = inputMB[label] ?? inputMB.default;
    rows.push([
      label,
      s.ms.toFixed(0),
      (mb / (s.ms / 1000)).toFixed(1),
      s.maxRssMB.toFixed(0),
      String(s.items),
      s.checks ?? '',
    ]);
  }
  printRows(rows);
}

/** Prints rows (the first is the header) as an aligned Markdown table. */
export function printRows(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => '| ' + r.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  console.log(line(rows[0]));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows.slice(1)) console.log(line(r));
}

/** Prints one target line; returns whether it held. */
export function target(text, ok, detail) {
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${text}  (${detail})`);
  return ok;
}

export function peersInstalled(names) {
  const missing = names.filter((n) => !existsSync(join(PEERS, 'node_modules', n, 'package.json')));
  if (missing.length) {
    console.log(`peer packages missing (${missing.join(', ')}): run  npm ci --prefix bench/parsers/peers`);
  }
  return missing;
}

/**
 * epg-parser builds a whole object tree. Probe it on a 1/10 guide and return its full-size contender
 * (labelled `label`) only if the projected memory fits; otherwise `skip` says why. `measure` is the
 * calling benchmark's (its worker runs the probe).
 */
export async function epgParserContender({ installed, channels, days, plain, label, measure, bundles }) {
  const limitMB = 2500;
  if (!installed) return { contender: null, skip: 'not installed' };
  const probeFile = await generated(
    'xmltv.mjs',
    ['--channels', String(Math.max(1, Math.round(channels / 10))), '--days', String(days)],
    '.xml',
  );
  const probe = await measure('xmltv:epg-parser', probeFile, { bundles });
  if (probe.error) return { contender: null, skip: `failed on a 1/10 guide: ${probe.error}` };
  const projected = (probe.maxRssMB * fileMB(plain)) / fileMB(probeFile);
  console.log(
    `epg-parser probe: ${fileMB(probeFile).toFixed(1)} MB guide → ${probe.maxRssMB.toFixed(0)} MB RSS; projected ${projected.toFixed(0)} MB at full size`,
  );
  if (projected > limitMB) {
    return {
      contender: null,
      skip: `needs ~${(projected / 1024).toFixed(1)} GB at full size (> ${(limitMB / 1000).toFixed(1)} GB; ${probe.maxRssMB.toFixed(0)} MB for ${fileMB(probeFile).toFixed(0)} MB)`,
    };
  }
  return {
    contender: {
      label,
      name: 'xmltv:epg-parser',
      file: plain,
      nodeArgs: [`--max-old-space-size=${limitMB}`],
    },
    skip: null,
  };
}
