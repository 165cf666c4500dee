import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Unit and integration tests sit beside the code. Two projects: the server in Node, and the
// display and widgets in happy-dom with Svelte's browser build. Browser tests live in e2e/.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          // Projects do not inherit the root's test options: integration tests start real
          // servers and simulators, which take seconds on a loaded 2-core machine.
          testTimeout: 20_000,
          hookTimeout: 30_000,
          include: ['server/**/*.test.ts', 'config/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'display',
          testTimeout: 20_000,
          hookTimeout: 30_000,
          include: ['display/**/*.test.ts', 'widgets/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
    ],
  },
});
