// Plumbing for the import benchmarks: the harness bundle, child-process runs, and the parser bench's
// helpers (fixture generation and caching, tables, targets), reused from ../parsers/lib.mjs.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export {
  bundle,
  fileMB,
  generated,
  peersInstalled,
  printTable,
  target,
  PEERS,
  WORK,
} from '../parsers/lib.mjs';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const MIGRATIONS = join(ROOT, 'src-main', 'core', 'db', 'migrations');

const require = createRequire(join(ROOT, 'package.json'));

/**
 * Bundles the harness (a real Dvr and its SourceService). The bundle goes under node_modules/.cache so
 * that its external packages (better-sqlite3, drizzle-orm, zod...) resolve from the repo's node_modules.
 */
export async function bundleHarness() {
  const esbuild = require('esbuild');
  const outdir = join(ROOT, 'node_modules', '.cache', 'tapedeck-bench');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'import-harness.mjs');
  await esbuild.build({
    entryPoints: [join(HERE, 'harness.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

/** One run of a contender in a fresh process (bench/import/worker.mjs); its last stdout line is JSON. */
export async function measure(contender, file, { bundles, nodeArgs = [], timeoutMs = 600_000 } = {}) {
  const res = await Promise.race([
    run(process.execPath, [...nodeArgs, join(HERE, 'worker.mjs'), contender, file, JSON.stringify(bundles)]),
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

/** Every contender `runs` times, interleaved so machine drift hits all alike; median time, max RSS. */
export async function measureAll(contenders, runs, opts) {
  const results = new Map(contenders.map((c) => [c.label, []]));
  for (let r = 0; r < runs; r++) {
    for (const c of contenders) {
      const res = await measure(c.name, c.file, { ...opts, nodeArgs: c.nodeArgs ?? [] });
      results.get(c.label).push(res);
      const tag = res.error ? `ERROR ${res.error}` : `${res.ms.toFixed(0)} ms, ${res.maxRssMB.toFixed(0)} MB`;
      console.log(`  run ${r + 1}/${runs}  ${c.label.padEnd(36)} ${tag}`);
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

export function argOf(argv, name, def) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
}
