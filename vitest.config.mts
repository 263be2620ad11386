import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Worker threads run built JavaScript; tests/setup/build-workers.ts builds it here before the tests.
// Set in this (main) process, so the global setup and every test worker see the same path.
const WORKER_DIR = path.resolve(import.meta.dirname, '.tmp/test-workers');
process.env.TAPEDECK_SQL_WORKER ??= path.join(WORKER_DIR, 'sql-writer-worker.cjs');

const ALL = ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.ts'];
// Tests that load the CPU on purpose (tests/support/cpu-load.ts) to prove real-time behaviour on a busy
// machine. They run after everything else, one file at a time: beside other real-time tests their load
// would be someone else's flaky failure.
const LOADED = 'tests/**/*.load.test.ts';

export default defineConfig({
  test: {
    globalSetup: ['tests/setup/build-workers.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests run real ffmpeg processes at real-time rate; two cores, so keep it modest.
    maxWorkers: 3,
    projects: [
      { extends: true, test: { name: 'main', include: ALL, exclude: [LOADED] } },
      {
        extends: true,
        test: { name: 'loaded', include: [LOADED], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
