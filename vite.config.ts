import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const backend = `http://127.0.0.1:${process.env.PORT ?? '8080'}`;

export default defineConfig({
  root: fileURLToPath(new URL('./display', import.meta.url)),
  publicDir: false,
  // The Svelte config lives at the repository root, not in display/ (Vite's root).
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    // dist/.vite/manifest.json: the browser tests read it to know which chunks belong to the map.
    manifest: true,
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('.', import.meta.url))] },
    proxy: {
      '/api': backend,
      '/open311': backend,
      '/geodata': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
});
