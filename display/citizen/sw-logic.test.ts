import { describe, expect, it } from 'vitest';
import { citizenCacheable, citizenStrategy, isKeepMessage } from './sw-logic';

const ORIGIN = 'https://ioc.langson.example';
const get = (path: string, mode = 'no-cors') => ({ url: `${ORIGIN}${path}`, method: 'GET', mode });

describe("the citizens' service worker", () => {
  it("serves the app's pages from the network first and its kept copy offline, and nothing else as a page", () => {
    expect(citizenStrategy(get('/phan-anh', 'navigate'), ORIGIN)).toBe('shell');
    expect(citizenStrategy(get('/phan-anh/LS-ABC123?lang=en', 'navigate'), ORIGIN)).toBe('shell');
    expect(citizenStrategy(get('/phan-anh/theo-doi/r-1', 'navigate'), ORIGIN)).toBe('shell');
    expect(citizenStrategy(get('/phan-anhx', 'navigate'), ORIGIN)).toBe('network');
    expect(citizenStrategy(get('/wall/main', 'navigate'), ORIGIN)).toBe('network');
  });

  it('keeps build files and geodata, never the API or a POST', () => {
    expect(citizenStrategy(get('/assets/main-abc.js'), ORIGIN)).toBe('asset');
    expect(citizenStrategy(get('/geodata/langson-wards-2025-schematic.geojson'), ORIGIN)).toBe('kept');
    expect(citizenStrategy(get('/phan-anh/manifest.webmanifest'), ORIGIN)).toBe('kept');
    expect(citizenStrategy(get('/api/citizen/reports/LS-1'), ORIGIN)).toBe('network');
    expect(citizenStrategy({ ...get('/api/citizen/reports'), method: 'POST' }, ORIGIN)).toBe('network');
    expect(citizenStrategy({ url: 'https://tiles.example/1/2/3.png', method: 'GET', mode: 'cors' }, ORIGIN)).toBe(
      'network',
    );
  });

  it("keeps only the page's own build files and geodata", () => {
    expect(
      citizenCacheable(
        [`${ORIGIN}/assets/a.js`, `${ORIGIN}/api/citizen/services`, 'https://other.example/x.js'],
        ORIGIN,
      ),
    ).toEqual([`${ORIGIN}/assets/a.js`]);
    expect(isKeepMessage({ type: 'keep', urls: ['/assets/a.js'] })).toBe(true);
    expect(isKeepMessage({ type: 'keep', urls: [1] })).toBe(false);
  });
});
