import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import Ticker from './Ticker.svelte';
import { bindTicker, itemsForScreen } from './bind';
import { options, type TickerOptions } from './options';
import type { TickerItem } from '../../server/protocol/topics';
import { identityOf } from '../../server/protocol/targeting';
import manifest from './manifest';

const item = (id: string, priority: TickerItem['priority'], validFrom: number, vi = id): TickerItem => ({
  id,
  priority,
  validFrom,
  validTo: null,
  text: { vi, en: `${vi} (en)` },
});
const o = Value.Default(options, {}) as TickerOptions;
const city = { center: [106.76, 21.85] as [number, number], zoom: 12, wardBoundariesSchematic: true };
/** A page that is no registered screen (`/view/…`): untargeted items only. */
const anyPage = { screen: null };
const T0 = Date.UTC(2026, 10, 28, 7, 0, 0);
const main = identityOf({ id: 'main', profile: 'wall', audience: 'internal' });
const led = identityOf({ id: 'led-dong-kinh', profile: 'led', audience: 'public' });

describe('ticker', () => {
  it('runs the alarms of “Needs attention” first, in red, only where the option asks for them', () => {
    expect(manifest.topics(o)).toEqual(['ticker.items', 'alerts.emergency']);
    const internal = Value.Default(options, { showAlarms: true }) as TickerOptions;
    expect(manifest.topics(internal)).toEqual(['ticker.items', 'alerts.emergency', 'exceptions.alarms']);
    const alarm = {
      id: 'qua-han-phuong-xa:05977',
      rule: 'qua-han-phuong-xa',
      severity: 'alarm' as const,
      basis: 'absolute' as const,
      label: { vi: 'Phản ánh quá hạn', en: 'Overdue citizen reports' },
      topic: 'reports.summary',
      field: 'byWard.overdue',
      unit: 'Phường Lương Văn Tri',
      unitKey: '05977',
      value: 20,
      reference: 15,
      ratio: 20 / 15,
      measure: null,
      since: T0,
    };
    const data = { 'ticker.items': [item('a', 'normal', 1)], 'exceptions.alarms': { items: [alarm] } };
    expect(bindTicker(data, o, anyPage)!.alarms).toEqual([]);
    const input = bindTicker(data, internal, anyPage)!;
    expect(input.alarms).toEqual([
      {
        id: alarm.id,
        text: {
          vi: 'Phản ánh quá hạn · Phường Lương Văn Tri — vượt ngưỡng báo động',
          en: 'Overdue citizen reports · Phường Lương Văn Tri — past its alarm limit',
        },
      },
    ]);
    const target = document.createElement('div');
    const component = mount(Ticker, {
      target,
      props: {
        input,
        options: internal,
        locale: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'wall',
        city,
        serverNow: () => T0,
        now: T0,
      },
    });
    flushSync();
    const first = target.querySelector('.run .item')!;
    expect(first.classList.contains('meaning-alarm')).toBe(true);
    expect(first.textContent).toContain('Báo động');
    unmount(component);
  });

  it('puts important items first, then the newest', () => {
    const input = bindTicker(
      { 'ticker.items': [item('a', 'normal', 1), item('b', 'high', 0), item('c', 'normal', 5)] },
      o,
      anyPage,
    )!;
    expect(input.items.map((i) => i.id)).toEqual(['b', 'c', 'a']);
    expect(bindTicker({}, o, anyPage)).toBeNull();
  });

  it('leaves ticker items for other screens out, and keeps the same array when nothing is targeted', () => {
    const item = (id: string, targets?: TickerItem['targets']): TickerItem => ({
      id,
      text: { vi: id, en: id },
      priority: 'normal',
      validFrom: T0,
      validTo: null,
      ...(targets ? { targets } : {}),
    });
    const plain = [item('a'), item('b')];
    expect(itemsForScreen(plain, main)).toBe(plain);
    const mixed = [
      item('all'),
      item('market', { screens: ['led-dong-kinh'], groups: [] }),
      item('walls', { screens: [], groups: ['wall'] }),
    ];
    expect(itemsForScreen(mixed, main).map((i) => i.id)).toEqual(['all', 'walls']);
    expect(itemsForScreen(mixed, led).map((i) => i.id)).toEqual(['all', 'market']);
    expect(itemsForScreen(mixed, null).map((i) => i.id)).toEqual(['all']);
    // The bind picks them by the page's screen: the shell hands it the screen, not the items.
    expect(bindTicker({ 'ticker.items': mixed }, o, { screen: led })!.items.map((i) => i.id)).toEqual([
      'all',
      'market',
    ]);
    expect(bindTicker({ 'ticker.items': mixed }, o, anyPage)!.items.map((i) => i.id)).toEqual(['all']);
  });

  it('shows citizen and operator text as text, never as markup', () => {
    const target = document.createElement('div');
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const component = mount(Ticker, {
      target,
      props: {
        input: bindTicker({ 'ticker.items': [item('x', 'normal', 0, hostile)] }, o, anyPage)!,
        options: o,
        locale: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'wall',
        city,
        serverNow: Date.now,
        now: 0,
      },
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
      props: {
        input: bindTicker({ 'ticker.items': [], 'alerts.emergency': { active: emergency } }, o, anyPage)!,
        options: o,
        locale: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'wall',
        city,
        serverNow: Date.now,
        now: 0,
      },
    });
    flushSync();
    expect(target.querySelector('[role="alert"]')!.textContent).toContain('KHẨN CẤP');
    // An emergency is the palette's alarm; an important item (high priority) its warning.
    expect(target.querySelector('[role="alert"]')!.classList.contains('meaning-alarm')).toBe(true);
    expect(target.textContent).toContain('Lũ quét — sơ tán ngay');
    unmount(component);
  });

  describe('on the tiles of a wall', () => {
    afterEach(() => {
      vi.restoreAllMocks();
      vi.useRealTimers();
    });

    it('places its loop by server time, so that every tile is at the same point, and places it again each minute', () => {
      vi.useFakeTimers();
      // Two runs of text 2,000 px wide each, at 3 text heights (16 px) a second: a 41,667 ms loop.
      vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockReturnValue(4000);
      vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
      const animations: Array<{
        keyframes: Keyframe[];
        timing: KeyframeAnimationOptions;
        currentTime: number | null;
        cancelled: boolean;
      }> = [];
      HTMLElement.prototype.animate = function (keyframes: Keyframe[], timing: KeyframeAnimationOptions) {
        const animation = {
          keyframes,
          timing,
          currentTime: null as number | null,
          cancelled: false,
          cancel() {
            animation.cancelled = true;
          },
        };
        animations.push(animation);
        return animation as unknown as Animation;
      } as typeof HTMLElement.prototype.animate;
      let server = 1_795_000_000_000;
      const target = document.createElement('div');
      const component = mount(Ticker, {
        target,
        props: {
          input: bindTicker({ 'ticker.items': [item('x', 'normal', 0)] }, o, anyPage)!,
          options: o,
          locale: 'vi',
          timeZone: 'Asia/Ho_Chi_Minh',
          profile: 'wall',
          city,
          serverNow: () => server,
          now: 0,
        },
      });
      flushSync();
      const loopMs = (2000 / (3 * 16)) * 1000;
      const running = animations.filter((a) => !a.cancelled);
      expect(running).toHaveLength(1);
      const [animation] = running;
      expect(animation!.timing).toMatchObject({ duration: loopMs, iterations: Infinity, easing: 'linear' });
      expect(animation!.keyframes.at(-1)).toEqual({ transform: 'translateX(-2000px)' });
      expect(animation!.currentTime).toBeCloseTo(server % loopMs, 6);
      // The offset to the server was measured again: the next placement follows it.
      server += 61_000 + 250;
      vi.advanceTimersByTime(60_000);
      expect(animation!.currentTime).toBeCloseTo(server % loopMs, 6);
      unmount(component);
      expect(animation!.cancelled).toBe(true);
      delete (HTMLElement.prototype as Partial<HTMLElement>).animate;
    });
  });
});
