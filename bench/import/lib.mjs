// Plumbing for the import benchmarks: the harness bundle, child-process runs, and the parser bench's
// helpers (fixture generation and caching, tables, targets), reused from ../parsers/lib.mjs.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export {
  bundle,
  epgParserContender,
  fileMB,
  generated,
  peersInstalled,
  printTable,
  target,
  PEERS,
  WORK,
} from '../parsers/lib.mjs';
import { measure as measureIn, measureAll as measureAllIn } from '../parsers/lib.mjs';

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
  // The import writer thread runs from its own built file; the measured processes inherit this.
  const { buildWorkers } = await import('../../scripts/build-workers.mjs');
  await buildWorkers([outdir]);
  process.env.TAPEDECK_SQL_WORKER = join(outdir, 'sql-writer-worker.cjs');
  return outfile;
}

const WORKER = join(HERE, 'worker.mjs');

/** One run of a contender in a fresh process (bench/import/worker.mjs); its last stdout line is JSON. */
export function measure(contender, file, opts = {}) {
  return measureIn(contender, file, { timeoutMs: 600_000, ...opts, worker: WORKER });
}

/** Every contender `runs` times, interleaved so machine drift hits all alike; median time, max RSS. */
export function measureAll(contenders, runs, opts = {}) {
  return measureAllIn(contenders, runs, { timeoutMs: 600_000, stopOnError: false, ...opts, worker: WORKER });
}

export function argOf(argv, name, def) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
}
