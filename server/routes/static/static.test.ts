import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request as httpRequest } from 'node:http';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { startTestApp, testConfig, type TestApp } from '../../test-support/test-app';
import type { KioskInfo } from '../../../config/schema/display-care';

const BIG_SCRIPT = `${'console.log("Phường Tam Thanh");\n'.repeat(2000)}`;
let app: TestApp;
let dist: string;

function writeBuild(build: string, mtime: Date): void {
  const file = path.join(dist, 'build.json');
  writeFileSync(file, JSON.stringify({ build }));
  utimesSync(file, mtime, mtime);
}

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'ioc-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html><script type="module" src="/assets/index-abc.js"></script>',
  );
  writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  // As the build leaves them (vite.config.ts `precompress`): the same file, brotli and gzip.
  writeFileSync(path.join(dist, 'assets', 'big-abc.js'), BIG_SCRIPT);
  writeFileSync(path.join(dist, 'assets', 'big-abc.js.br'), brotliCompressSync(BIG_SCRIPT));
  writeFileSync(path.join(dist, 'assets', 'big-abc.js.gz'), gzipSync(BIG_SCRIPT));
  writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})');
  writeFileSync(path.join(dist, 'sw.js.br'), brotliCompressSync('self.addEventListener("fetch", () => {})'));
  mkdirSync(path.join(dist, 'citizen'));
  mkdirSync(path.join(dist, 'phan-anh'));
  writeFileSync(
    path.join(dist, 'citizen', 'index.html'),
    '<!doctype html><meta name="ioc-city" content="" /><script type="module" src="/assets/citizen-abc.js"></script>',
  );
  writeFileSync(path.join(dist, 'phan-anh', 'sw.js'), 'self.addEventListener("fetch", () => {})');
  writeFileSync(path.join(dist, 'phan-anh', 'manifest.webmanifest'), '{"start_url":"/phan-anh/"}');
  writeBuild('20261128-0900-aaaaaa', new Date(Date.now() - 60_000));
  const config = testConfig();
  config.app.display.profiles.led = {
    schedule: [{ from: '23:00', to: '05:00', mode: 'blank', brightness: 0.6 }],
    pixelShift: { maxPx: 2, everyMinutes: 5 },
  };
  app = await startTestApp({ distDir: dist, config });
});

afterAll(async () => {
  await app?.dispose();
  rmSync(dist, { recursive: true, force: true });
});

/** A raw GET (fetch would decode the body and hide the encoding), with the headers and bytes as sent. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ headers: import('node:http').IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the built files', () => {
  it('travel precompressed: brotli or gzip as the browser accepts, with Vary, and plain to one that accepts neither', async () => {
    const url = `${app.url}/assets/big-abc.js`;
    const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.body.length).toBeLessThan(BIG_SCRIPT.length / 10);
    expect(brotliDecompressSync(br.body).toString()).toBe(BIG_SCRIPT);
    const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(BIG_SCRIPT);
    const plain = await rawGet(url, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(BIG_SCRIPT);
  });
});

describe('the build screens update to', () => {
  it('is announced by /api/v1/version and follows a redeploy without a restart', async () => {
    const first = await (await fetch(`${app.url}/api/v1/version`)).json();
    expect(first).toEqual({ version: expect.any(String), build: '20261128-0900-aaaaaa' });
    writeBuild('20261128-1000-bbbbbb', new Date());
    const response = await fetch(`${app.url}/api/v1/version`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect((await response.json()).build).toBe('20261128-1000-bbbbbb');
  });

  it('gives each profile its own care settings, merged over the common ones', async () => {
    const led = (await (await fetch(`${app.url}/api/v1/kiosk/led`)).json()) as KioskInfo;
    expect(led.build).toBe('20261128-1000-bbbbbb');
    expect(led.care.schedule).toEqual([{ from: '23:00', to: '05:00', mode: 'blank', brightness: 0.6 }]);
    expect(led.care.pixelShift).toEqual({ maxPx: 2, everyMinutes: 5 });
    expect(led.care).not.toHaveProperty('profiles');
    const wall = (await (await fetch(`${app.url}/api/v1/kiosk/wall`)).json()) as KioskInfo;
    expect(wall.care).toMatchObject({
      kiosk: true,
      watchdogSeconds: 60,
      nightlyReload: '03:30',
      schedule: [],
      pixelShift: { maxPx: 4, everyMinutes: 3 },
    });
  });

  it('refuses an unknown profile, naming it', async () => {
    const response = await fetch(`${app.url}/api/v1/kiosk/billboard`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ field: 'profile' });
  });
});

describe('the service worker', () => {
  it('is served at the root, always revalidated, under the same CSP as the page', async () => {
    const response = await fetch(`${app.url}/sw.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('service-worker-allowed')).toBe('/');
    expect(response.headers.get('content-security-policy')).toContain("worker-src 'self'");
  });

  it('is revalidated when sent precompressed too (the .br beside it is not a hashed file)', async () => {
    const worker = await rawGet(`${app.url}/sw.js`, { 'accept-encoding': 'br' });
    expect(worker.headers['content-encoding']).toBe('br');
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.headers['service-worker-allowed']).toBe('/');
  });

  it('leaves hashed assets cached for good and build.json revalidated', async () => {
    expect((await fetch(`${app.url}/assets/index-abc.js`)).headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${app.url}/build.json`)).headers.get('cache-control')).toBe('no-cache');
  });
});

describe("the citizens' app", () => {
  it("serves its own page at every address of the app, with the city's time zone and map view written in", async () => {
    for (const address of ['/phan-anh', '/phan-anh/', '/phan-anh/LS-7K2M9Q?lang=en', '/phan-anh/theo-doi/r-42']) {
      const response = await fetch(`${app.url}${address}`);
      expect(response.status, address).toBe(200);
      const html = await response.text();
      expect(html, address).toContain('/assets/citizen-abc.js');
      expect(html).not.toContain('/assets/index-abc.js');
      const content = /<meta name="ioc-city" content="([^"]*)"/.exec(html)![1]!.replace(/&quot;/g, '"');
      expect(JSON.parse(content)).toEqual({
        timeZone: 'Asia/Ho_Chi_Minh',
        center: expect.any(Array),
        zoom: expect.any(Number),
        wardBoundaries: expect.stringMatching(/^\/geodata\/.+\.geojson$/),
      });
      expect(response.headers.get('cache-control')).toBe('no-cache');
      // The form may ask for the phone's location; the rest of the site may not.
      expect(response.headers.get('permissions-policy')).toContain('geolocation=(self)');
    }
    expect((await fetch(`${app.url}/console`)).headers.get('permissions-policy')).toContain('geolocation=()');
  });

  it('serves its service worker under /phan-anh/ with a scope covering /phan-anh, and its manifest', async () => {
    const worker = await fetch(`${app.url}/phan-anh/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toMatch(/javascript/);
    expect(worker.headers.get('service-worker-allowed')).toBe('/phan-anh');
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    const manifest = await fetch(`${app.url}/phan-anh/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toMatch(/application\/manifest\+json/);
    expect(await manifest.json()).toEqual({ start_url: '/phan-anh/' });
    // Not built in this folder: a plain 404, not the page.
    expect((await fetch(`${app.url}/phan-anh/icon-512.png`)).status).toBe(404);
  });
});
