import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import jsQR from 'jsqr';
import QrCode from './QrCode.svelte';
import manifest from './manifest';
import { bindQrCode } from './bind';
import { options, type QrCodeOptions } from './options';
import { qrSymbol } from './symbol';
import { neededPixelsPerModule, qrLayout, QUIET_ZONE_MODULES, sizeQr } from './sizing';
import type { PhysicalSize } from '../../config/schema/screen';

const URL = 'https://ioc.langson.gov.vn/phan-anh';
const o = (extra: Partial<QrCodeOptions> = {}) => Value.Default(options, { ...extra }) as QrCodeOptions;
const P6_AT_5M: PhysicalSize = { pixelPitchMm: 6, viewingDistanceM: 5 };
const P8_AT_8M: PhysicalSize = { pixelPitchMm: 8, viewingDistanceM: 8 };

/** The dark modules an SVG path of `qrSymbol` draws, as a grid of the symbol's size plus the quiet zone. */
function modulesOfPath(path: string, span: number): boolean[][] {
  const grid = Array.from({ length: span }, () => Array<boolean>(span).fill(false));
  for (const [, x, y, run] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(run); i++) grid[Number(y)]![Number(x) + i] = true;
  }
  return grid;
}

/** The grid drawn at `scale` pixels per module into RGBA, white where light: what a panel shows. */
function raster(grid: boolean[][], scale: number): { data: Uint8ClampedArray; side: number } {
  const side = grid.length * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  grid.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const at = ((y * scale + dy) * side + x * scale + dx) * 4;
          data[at] = data[at + 1] = data[at + 2] = 0;
        }
    }),
  );
  return { data, side };
}

describe('qr-code widget', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads no topic, is never waiting, and defaults to the citizens’ call to action', () => {
    expect(manifest.topics(o())).toEqual([]);
    expect(manifest.reads(o())).toEqual([]);
    expect(bindQrCode({}, o())).toEqual({ url: null, caption: { vi: 'Quét mã để phản ánh', en: 'Scan to report' } });
    expect(bindQrCode({}, o({ url: 'https://example.vn/x' })).url).toBe('https://example.vn/x');
    expect(o()).toMatchObject({ showUrl: true, minPixelsPerModule: 2 });
  });

  it('takes an absolute http(s) address only, and a bilingual caption', () => {
    const check = (value: Record<string, unknown>) => Value.Check(options, Value.Default(options, value));
    expect(check({ url: URL })).toBe(true);
    expect(check({ url: 'HTTPS://IOC.LANGSON.GOV.VN/PA' })).toBe(true);
    expect(check({ url: 'javascript:alert(1)' })).toBe(false);
    expect(check({ url: '/phan-anh' })).toBe(false);
    expect(check({ caption: { vi: 'Quét mã' } })).toBe(false);
    expect(check({ minPixelsPerModule: 0 })).toBe(false);
    expect(check({ size: 'huge' })).toBe(false);
  });

  it('draws whole modules only, and the drawing is the code of the address (decoded back)', () => {
    const symbol = qrSymbol(URL);
    expect(symbol).toMatchObject({ size: 29, version: 3 });
    // Every coordinate and length of the path is an integer number of modules.
    expect(symbol.path).toMatch(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
    const grid = modulesOfPath(symbol.path, symbol.size + 2 * QUIET_ZONE_MODULES);
    // The quiet zone stays light on every side.
    for (let i = 0; i < grid.length; i++)
      for (const at of [0, 1, 2, 3, grid.length - 4, grid.length - 3, grid.length - 2, grid.length - 1]) {
        expect(grid[at]![i]).toBe(false);
        expect(grid[i]![at]).toBe(false);
      }
    const { data, side } = raster(grid, 3);
    expect(jsQR(data, side, side)?.data).toBe(URL);
  });

  it('gives an upper-case address a smaller code (alphanumeric mode)', () => {
    expect(qrSymbol('HTTPS://IOC.LANGSON.GOV.VN/PHAN-ANH').size).toBe(25);
    expect(qrSymbol(URL).size).toBe(29);
  });

  it('sizes a code by the rule: symbol width at least a tenth of the viewing distance, in whole pixels per module', () => {
    // 5 m → 500 mm; 29 modules of 6 mm LEDs: 2.87 → 3 LEDs per module.
    expect(neededPixelsPerModule(29, P6_AT_5M, 2)).toBe(3);
    // 8 m → 800 mm; 29 modules at 8 mm: 3.45 → 4.
    expect(neededPixelsPerModule(29, P8_AT_8M, 2)).toBe(4);
    // Close and fine: the floor holds (a module of one LED breaks up between the panel's dark gaps).
    expect(neededPixelsPerModule(29, { pixelPitchMm: 6, viewingDistanceM: 1 }, 2)).toBe(2);
    // An indoor screen sized for no distance: the floor only.
    expect(neededPixelsPerModule(29, null, 2)).toBe(2);
    // The largest whole number of pixels that fits, quiet zone included: 132 px / 37 modules = 3.
    expect(sizeQr(29, 132, P6_AT_5M, 2)).toMatchObject({ pixelsPerModule: 3, neededPixelsPerModule: 3, fits: true });
    expect(sizeQr(29, 147, P8_AT_8M, 2)).toMatchObject({ pixelsPerModule: 3, neededPixelsPerModule: 4, fits: false });
    expect(sizeQr(29, 148, P8_AT_8M, 2)).toMatchObject({ pixelsPerModule: 4, fits: true, neededWidthMm: 800 });
  });

  it('puts the caption beside the code in a wide box, under it in a tall one', () => {
    expect(qrLayout({ width: 350, height: 132 }, 12)).toEqual({ captionAt: 'beside', squarePx: 132 });
    expect(qrLayout({ width: 200, height: 300 }, 20)).toEqual({ captionAt: 'under', squarePx: 200 });
  });

  const mountIn = (box: { width: number; height: number }, props: Record<string, unknown>) => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(box.width);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(box.height);
    const target = document.createElement('div');
    document.body.append(target);
    const opts = o((props.options as Partial<QrCodeOptions>) ?? {});
    const component = mount(QrCode, {
      target,
      props: {
        input: bindQrCode({}, opts),
        options: opts,
        locale: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'led',
        city: { center: [106.76, 21.85], zoom: 12, wardBoundariesSchematic: true, citizenPageUrl: URL },
        physical: P6_AT_5M,
        serverNow: Date.now,
        now: 0,
        ...props,
      },
    });
    flushSync();
    return { target, destroy: () => (unmount(component), target.remove()) };
  };

  it('draws the citizens’ page as crisp dark modules on a white square, with the call to action', () => {
    const { target, destroy } = mountIn({ width: 350, height: 132 }, {});
    const svg = target.querySelector('svg')!;
    expect(svg.getAttribute('data-url')).toBe(URL);
    expect(svg.getAttribute('shape-rendering')).toBe('crispEdges');
    // 37 modules with the quiet zone at 3 px each: whole pixels, one user unit per module.
    expect(svg.getAttribute('width')).toBe('111');
    expect(svg.getAttribute('height')).toBe('111');
    expect(svg.getAttribute('viewBox')).toBe('0 0 37 37');
    expect(svg.querySelector('rect')!.getAttribute('fill')).toBe('#fff');
    expect(svg.querySelector('path')!.getAttribute('fill')).toBe('#000');
    expect(target.querySelector('.caption')!.textContent).toBe('Quét mã để phản ánh');
    expect(target.querySelector('.caption-en')!.textContent).toBe('Scan to report');
    expect(target.querySelector('.url')!.textContent).toBe('ioc.langson.gov.vn/phan-anh');
    destroy();
  });

  it('says the box is too small for its viewing distance instead of drawing a code no one can scan', () => {
    const { target, destroy } = mountIn({ width: 350, height: 100 }, {});
    expect(target.querySelector('svg')).toBeNull();
    const notice = target.querySelector('[data-qr-problem="too-small"]')!;
    expect(notice.textContent).toContain('cần 3 điểm ảnh/ô để quét được từ 5 m, chỉ có chỗ cho 2');
    destroy();
  });

  it('says the address is not set rather than draw a code to nowhere', () => {
    const { target, destroy } = mountIn(
      { width: 350, height: 132 },
      { city: { center: [106.76, 21.85], zoom: 12, wardBoundariesSchematic: true, citizenPageUrl: null } },
    );
    expect(target.querySelector('svg')).toBeNull();
    expect(target.querySelector('[data-qr-problem="no-url"]')!.textContent).toContain('citizen.publicUrl');
    destroy();
  });
});
