// Vitest global setup: tests run the TypeScript sources, but a worker thread needs a JavaScript file,
// so the import writer's is built once per run where TAPEDECK_SQL_WORKER (vitest.config.mts) points.
import path from 'node:path';
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildWorkers } from '../../scripts/build-workers.mjs';

export default async function setup(): Promise<void> {
  const file = process.env.TAPEDECK_SQL_WORKER;
  if (!file) throw new Error('TAPEDECK_SQL_WORKER is not set (vitest.config.mts)');
  await (buildWorkers as (outdirs: string[]) => Promise<void>)([path.dirname(file)]);
}
