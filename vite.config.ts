import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const backend = `http://127.0.0.1:${process.env.PORT ?? '8080'}`;

export default defineConfig({
  root: fileURLToPath(new URL('./display', import.meta.url)),
  publicDir: false,
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
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
