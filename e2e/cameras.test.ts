/**
 * The camera mosaic in real Chromium: a short HLS stream made at test time with ffmpeg and served
 * here, the shipped `cameras` dashboard pointed at it, video playing in every tile; then one
 * camera's stream stops being served and its tile says "Mất tín hiệu" since when (city time),
 * while the others play on; served again, it comes back by itself. An LED page fetches no hls.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, ROOT, signInContext, startServer, type ServerProcess } from './harness';

const LOST = 'cua-khau-huu-nghi';
let media: string;
let streams: Server;
let streamsUrl: string;
/** Cameras whose stream is not served (404), as when a camera or its link goes down. */
const down = new Set<string>();
let configDir: string;
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  media = mkdtempSync(path.join(tmpdir(), 'ioc-hls-'));
  // Two minutes of the test pattern, 1 s segments: longer than the test, short to make.
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x180:rate=10',
    '-t',
    '120',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    '10',
    '-pix_fmt',
    'yuv420p',
    '-f',
    'hls',
    '-hls_time',
    '1',
    '-hls_list_size',
    '0',
    '-hls_playlist_type',
    'vod',
    path.join(media, 'index.m3u8'),
  ]);
  streams = createServer((request, response) => {
    const [, prefix, camera, file] = (request.url ?? '').split('?')[0]!.split('/');
    if (prefix !== 'cameras' || !camera || !file || down.has(camera) || !/^[\w.-]+$/.test(file)) {
      response.writeHead(404, { 'access-control-allow-origin': '*' }).end();
      return;
    }
    try {
      const body = readFileSync(path.join(media, file));
      const type = file.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t';
      response.writeHead(200, {
        'content-type': type,
        'access-control-allow-origin': '*',
        'cache-control': 'no-cache',
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'access-control-allow-origin': '*' }).end();
    }
  });
  await new Promise<void>((resolve) => streams.listen(0, '127.0.0.1', resolve));
  const address = streams.address();
  streamsUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  // The shipped config, its camera dashboard pointed at this test's streams.
  configDir = mkdtempSync(path.join(tmpdir(), 'ioc-config-'));
  cpSync(path.join(ROOT, 'config'), configDir, { recursive: true });
  const file = path.join(configDir, 'dashboards/cameras.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll('http://127.0.0.1:8888', streamsUrl));
  [server, browser] = await Promise.all([
    startServer({ simulator: false, env: { IOC_CONFIG_DIR: configDir } }),
    launchBrowser(),
  ]);
  context = await browser.newContext();
  await signInContext(server, context, 'leader');
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
  await new Promise((resolve) => streams?.close(resolve));
  rmSync(media, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
});

/** The playback time of each tile's video, and the frames it decoded. */
function playback(page: Page) {
  return page.$$eval('[data-camera] video', (videos) =>
    (videos as HTMLVideoElement[]).map((video) => ({
      camera: video.closest('[data-camera]')!.getAttribute('data-camera'),
      time: video.currentTime,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      width: video.videoWidth,
    })),
  );
}

describe('camera mosaic', () => {
  it('plays every stream, shows "Mất tín hiệu" since when for one that stops, and recovers', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/view/cameras?profile=wall`);
    await page.waitForSelector('[data-mosaic="4"]');
    expect(await page.locator('[data-camera] figcaption').allTextContents()).toEqual([
      'Ngã tư Hoàng Văn Thụ – Trần Đăng Ninh',
      'Cửa khẩu Hữu Nghị',
      'Chợ Đông Kinh',
      'Quảng trường 17/10',
    ]);

    // Every tile plays: its time advances and frames are decoded.
    await page.waitForFunction(() => document.querySelectorAll('[data-signal="playing"]').length === 4, null, {
      timeout: 60_000,
    });
    const first = await playback(page);
    await page.waitForFunction(
      (before) =>
        [...document.querySelectorAll<HTMLVideoElement>('[data-camera] video')].every(
          (video, index) => video.currentTime > before[index]!.time + 0.5,
        ),
      first,
      { timeout: 30_000 },
    );
    for (const tile of await playback(page)) {
      expect(tile.frames, tile.camera!).toBeGreaterThan(0);
      expect(tile.width, tile.camera!).toBe(320);
    }

    // One camera's stream goes away: its tile says so, with the city's time; the others play on.
    down.add(LOST);
    const lost = page.locator(`[data-camera="${LOST}"][data-signal="lost"]`);
    await lost.waitFor({ timeout: 45_000 });
    const since = Number(await lost.locator('[data-lost-since]').getAttribute('data-lost-since'));
    const cityTime = new Intl.DateTimeFormat('vi-VN', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(since);
    expect(await lost.locator('.lost').innerText()).toContain('Mất tín hiệu');
    expect(await lost.locator('time').innerText()).toBe(cityTime);
    expect(Math.abs(since - Date.now())).toBeLessThan(60_000);
    expect(await page.locator('[data-signal="playing"]').count()).toBe(3);
    await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/cameras-no-signal-1920.png') });

    // Served again: the retries bring the picture back without a reload.
    down.delete(LOST);
    await page.locator(`[data-camera="${LOST}"][data-signal="playing"]`).waitFor({ timeout: 45_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws nothing and fetches no hls.js on an LED panel', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 384, height: 192 });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${server.url}/view/cameras?profile=led`);
    await page.waitForSelector('[data-widget-type="camera"][data-state="live"]');
    // Past the moment the mosaic would start its streams (load + idle).
    await page.waitForLoadState('load');
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })));
    expect(await page.locator('[data-camera], video').count()).toBe(0);
    expect(requested.filter((url) => url.startsWith(streamsUrl) || /\/assets\/hls-/.test(url))).toEqual([]);
    await page.close();
  });
});
