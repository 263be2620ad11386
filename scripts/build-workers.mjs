// Worker threads need a JavaScript file of their own: this bundles each one (today the import writer,
// src-main/core/import/sql-writer-worker.ts) into `<outdir>/<name>.cjs`. Used by build-main.mjs (a copy
// beside each bundle) and by the test and benchmark setups (which run the TypeScript sources).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WORKERS = { 'sql-writer-worker': 'src-main/core/import/sql-writer-worker.ts' };

export async function buildWorkers(outdirs) {
  await Promise.all(
    outdirs.map((outdir) =>
      build({
        entryPoints: Object.fromEntries(
          Object.entries(WORKERS).map(([name, file]) => [name, path.join(ROOT, file)]),
        ),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: true,
        logLevel: 'warning',
        packages: 'external',
        outdir,
        outExtension: { '.js': '.cjs' },
      }),
    ),
  );
}
