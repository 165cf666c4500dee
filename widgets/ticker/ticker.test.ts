import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import Ticker from './Ticker.svelte';
import { bindTicker } from './bind';
import { options, type TickerOptions } from './options';
import type { TickerItem } from '../../server/protocol/topics';

const item = (id: string, priority: TickerItem['priority'], validFrom: number, vi = id): TickerItem => ({
  id, priority, validFrom, validTo: null, text: { vi, en: `${vi} (en)` },
});
const o = Value.Default(options, {}) as TickerOptions;
const city = { center: [106.76, 21.85] as [number, number], zoom: 12, wardBoundariesSchematic: true };

describe('ticker', () => {
  it('puts important items first, then the newest', () => {
    const input = bindTicker({ 'ticker.items': [item('a', 'normal', 1), item('b', 'high', 0), item('c', 'normal', 5)] }, o)!;
    expect(input.items.map((i) => i.id)).toEqual(['b', 'c', 'a']);
    expect(bindTicker({}, o)).toBeNull();
  });

  it('shows citizen and operator text as text, never as markup', () => {
    const target = document.createElement('div');
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const component = mount(Ticker, {
      target,
      props: { input: bindTicker({ 'ticker.items': [item('x', 'normal', 0, hostile)] }, o)!, options: o, locale: 'vi', timeZone: 'Asia/Ho_Chi_Minh', profile: 'wall', city },
    });
    flushSync();
    expect(target.querySelector('img')).toBeNull();
    expect(target.querySelector('script')).toBeNull();
    expect(target.textContent).toContain(hostile);
    unmount(component);
  });

  it('gives an active emergency the whole strip', () => {
    const target = document.createElement('div');
    const emergency = item('e', 'emergency', 0, 'Lũ quét — sơ tán ngay');
    const component = mount(Ticker, {
      target,
      props: { input: bindTicker({ 'ticker.items': [], 'alerts.emergency': { active: emergency } }, o)!, options: o, locale: 'vi', timeZone: 'Asia/Ho_Chi_Minh', profile: 'wall', city },
    });
    flushSync();
    expect(target.querySelector('[role="alert"]')!.textContent).toContain('KHẨN CẤP');
    expect(target.textContent).toContain('Lũ quét — sơ tán ngay');
    unmount(component);
  });
});
