import { describe, expect, it } from 'vitest';
import { ASSET_CACHE_PREFIX, cacheableUrls, frozenClients, isPageMessage, strategyFor } from './sw-logic';
import { PAGE_ASSET_CACHE_PREFIX } from './service-worker';

const ORIGIN = 'http://ioc.langson.local:8080';
const get = (path: string, mode = 'no-cors') => ({ url: ORIGIN + path, method: 'GET', mode });

describe('strategyFor', () => {
  it('serves a screen’s page from the network first, the kept shell when offline', () => {
    expect(strategyFor(get('/wall/main', 'navigate'), ORIGIN)).toBe('shell');
    expect(strategyFor(get('/wall/led-dong-kinh?lang=en', 'navigate'), ORIGIN)).toBe('shell');
  });

  it('never serves the console, the API, Socket.IO or another site from a cache', () => {
    expect(strategyFor(get('/console', 'navigate'), ORIGIN)).toBe('network');
    expect(strategyFor(get('/wall/../console', 'navigate'), ORIGIN)).toBe('network');
    expect(strategyFor(get('/api/v1/screens/main/setup', 'cors'), ORIGIN)).toBe('network');
    expect(strategyFor(get('/api/v1/kiosk/led', 'cors'), ORIGIN)).toBe('network');
    expect(strategyFor(get('/socket.io/?EIO=4&transport=websocket'), ORIGIN)).toBe('network');
    expect(strategyFor(get('/sw.js'), ORIGIN)).toBe('network');
    expect(strategyFor({ url: 'https://tiles.example.org/assets/x.js', method: 'GET', mode: 'cors' }, ORIGIN)).toBe(
      'network',
    );
    expect(strategyFor({ url: `${ORIGIN}/assets/index-abc.js`, method: 'POST', mode: 'cors' }, ORIGIN)).toBe('network');
  });

  it('keeps hashed build files first and the map’s geodata as a fallback', () => {
    expect(strategyFor(get('/assets/index-B1x2.js'), ORIGIN)).toBe('asset');
    expect(strategyFor(get('/assets/index-9zz.css'), ORIGIN)).toBe('asset');
    expect(strategyFor(get('/geodata/langson-wards-schematic.geojson', 'cors'), ORIGIN)).toBe('geodata');
  });
});

describe('cacheableUrls', () => {
  it('keeps this site’s build files and geodata only, once each, without query strings', () => {
    expect(
      cacheableUrls(
        [
          `${ORIGIN}/assets/index-a.js`,
          `${ORIGIN}/assets/index-a.js?x=1`,
          `${ORIGIN}/api/v1/screens/main/setup`,
          `${ORIGIN}/geodata/wards.geojson`,
          'https://elsewhere.example/assets/evil.js',
          'not a url at all ::',
          `${ORIGIN}/socket.io/?EIO=4`,
        ],
        ORIGIN,
      ),
    ).toEqual([`${ORIGIN}/assets/index-a.js`, `${ORIGIN}/geodata/wards.geojson`]);
  });
});

describe('frozenClients', () => {
  it('names the pages silent for longer than their own timeout', () => {
    const beats = new Map([
      ['fresh', { at: 100_000, timeoutMs: 60_000 }],
      ['edge', { at: 40_000, timeoutMs: 60_000 }],
      ['frozen', { at: 39_999, timeoutMs: 60_000 }],
      ['short', { at: 90_000, timeoutMs: 5_000 }],
    ]);
    expect(frozenClients(100_000, beats).sort()).toEqual(['frozen', 'short']);
  });
});

describe('isPageMessage', () => {
  it('accepts what pages send and nothing else', () => {
    expect(isPageMessage({ type: 'heartbeat', timeoutMs: 60_000 })).toBe(true);
    expect(isPageMessage({ type: 'pause' })).toBe(true);
    expect(isPageMessage({ type: 'keep', build: 'b1', urls: ['/assets/a.js'] })).toBe(true);
    expect(isPageMessage({ type: 'heartbeat', timeoutMs: 10 })).toBe(false);
    expect(isPageMessage({ type: 'keep', build: 'b1', urls: [1] })).toBe(false);
    expect(isPageMessage({ type: 'navigate', url: 'https://evil.example' })).toBe(false);
    expect(isPageMessage(null)).toBe(false);
  });
});

describe("the page's copy of the cache name", () => {
  it('is the name the worker keeps its files under', () => {
    expect(PAGE_ASSET_CACHE_PREFIX).toBe(ASSET_CACHE_PREFIX);
  });
});
