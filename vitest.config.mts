import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Worker threads run built JavaScript; tests/setup/build-workers.ts builds it here before the tests.
// Set in this (main) process, so the global setup and every test worker see the same path.
const WORKER_DIR = path.resolve(import.meta.dirname, '.tmp/test-workers');
process.env.TAPEDECK_SQL_WORKER ??= path.join(WORKER_DIR, 'sql-writer-worker.cjs');

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    globalSetup: ['tests/setup/build-workers.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests run real ffmpeg processes at real-time rate; two cores, so keep it modest.
    maxWorkers: 3,
  },
});
