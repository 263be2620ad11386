import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests run real ffmpeg processes at real-time rate; two cores, so keep it modest.
    maxWorkers: 3,
  },
});
