import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Unit and integration tests sit beside the code. Two projects: the server in Node, and the
// display and widgets in happy-dom with Svelte's browser build. Browser tests live in e2e/.
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'config/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'display',
          include: ['display/**/*.test.ts', 'widgets/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
    ],
  },
});
