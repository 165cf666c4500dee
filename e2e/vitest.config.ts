import { defineConfig } from 'vitest/config';

// Browser tests: real server processes and real Chromium, one file at a time (2-core machines).
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
