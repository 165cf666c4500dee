import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const backend = `http://127.0.0.1:${process.env.PORT ?? '8080'}`;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * Each build gets an id: compiled into the page and the service worker, and written beside them
 * as `build.json` for the server to announce. A screen whose id differs from the server's loads
 * the new build at a quiet moment.
 */
const BUILD_ID = `${new Date()
  .toISOString()
  .replace(/[-:]|\.\d+Z$/g, '')
  .replace('T', '-')}-${randomBytes(3).toString('hex')}`;

function buildId(): Plugin {
  return {
    name: 'ioc-build-id',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'build.json', source: `${JSON.stringify({ build: BUILD_ID })}\n` });
    },
  };
}

/**
 * Brotli and gzip copies of every text file of the build, made once here (at the highest
 * settings, which would be too slow per request), served by @fastify/static's `preCompressed`:
 * the wall's 3.3 MB of JavaScript travels as well under 1 MB.
 */
function precompress(): Plugin {
  const compressible = /\.(js|css|html|json|svg|webmanifest|txt)$/;
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)],
    );
  return {
    name: 'ioc-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(here('./dist'))) {
        if (!compressible.test(file) || statSync(file).size < 1024) continue;
        const source = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(source, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(source, { level: 9 }));
      }
    },
  };
}

/**
 * The citizens' app's manifest and icons, under fixed names at `/phan-anh/…`: the manifest names
 * them, and an installed app asks for them by those names long after a build has changed.
 */
function citizenPwaFiles(): Plugin {
  const files = ['manifest.webmanifest', 'icon-192.png', 'icon-512.png'];
  return {
    name: 'ioc-citizen-pwa',
    apply: 'build',
    generateBundle() {
      for (const file of files)
        this.emitFile({
          type: 'asset',
          fileName: `phan-anh/${file}`,
          source: readFileSync(here(`./display/citizen/pwa/${file}`)),
        });
    },
  };
}

export default defineConfig({
  root: here('./display'),
  publicDir: false,
  // The Svelte config lives at the repository root, not in display/ (Vite's root).
  plugins: [svelte({ configFile: here('./svelte.config.js') }), buildId(), citizenPwaFiles(), precompress()],
  define: { __IOC_BUILD__: JSON.stringify(BUILD_ID) },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    // dist/.vite/manifest.json: the browser tests read it to know which chunks belong to the map.
    manifest: true,
    rolldownOptions: {
      // The service workers are entries of their own, where their scopes are: the screens' at the
      // site's root, the citizens' app's under /phan-anh/. The citizens' app is an entry apart from
      // the screens' so a phone on 3G never loads the wall's code (deck.gl, ECharts).
      input: {
        index: here('./display/index.html'),
        sw: here('./display/offline/sw.ts'),
        citizen: here('./display/citizen/index.html'),
        'citizen-sw': here('./display/citizen/sw.ts'),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'sw' ? 'sw.js' : chunk.name === 'citizen-sw' ? 'phan-anh/sw.js' : 'assets/[name]-[hash].js',
      },
    },
  },
  server: {
    fs: { allow: [here('.')] },
    proxy: {
      '/api': backend,
      '/open311': backend,
      '/geodata': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
});
