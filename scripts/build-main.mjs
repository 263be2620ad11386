// Bundles the main-process code with esbuild: the desktop main and its CommonJS preload (so the
// window can keep sandbox: true), the CLI/headless host, and the worker threads' files beside both.
// Copies the SQL migrations beside them.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { buildWorkers } from './build-workers.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Dependencies load from node_modules at run time (native better-sqlite3, ffmpeg-static's path).
  packages: 'external',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { cli: 'src-main/server/cli.ts' },
    outdir: 'dist/cli',
    outExtension: { '.js': '.cjs' },
  }),
  build({
    ...common,
    entryPoints: { main: 'src-main/desktop/main.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
  }),
  // The preload runs in a sandboxed renderer: one CommonJS file, only 'electron' may stay external.
  build({
    ...common,
    packages: undefined,
    external: ['electron'],
    platform: 'browser',
    entryPoints: { preload: 'src-main/desktop/preload.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
  }),
  buildWorkers(['dist/cli', 'dist/main']),
]);
rmSync('dist/migrations', { recursive: true, force: true });
cpSync('src-main/core/db/migrations', 'dist/migrations', { recursive: true });
