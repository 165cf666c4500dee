import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import Clock from './Clock.svelte';
import manifest from './manifest';
import { options, type ClockOptions } from './options';

afterEach(() => vi.useRealTimers());

describe('clock widget', () => {
  it('reads no topic and always has something to show', () => {
    const o = Value.Default(options, {}) as ClockOptions;
    expect(manifest.topics(o)).toEqual([]);
    expect(manifest.bind({}, o, { screen: null })).toEqual({});
  });

  it('shows the page’s clock (server time) in the configured zone, not the machine’s clock or zone', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 10, 28, 17, 29, 28)); // the PC is 37 s slow: 00:30:05 on the 29th in Hà Nội
    const target = document.createElement('div');
    const o = Value.Default(options, {}) as ClockOptions;
    const props = $state({
      input: {},
      options: o,
      locale: 'vi' as const,
      timeZone: 'Asia/Ho_Chi_Minh',
      profile: 'wall' as const,
      city: { center: [106.76, 21.85] as [number, number], zoom: 12, wardBoundariesSchematic: true },
      serverNow: () => Date.now() + 37_000,
      now: Date.now() + 37_000,
    });
    const component = mount(Clock, { target, props });
    flushSync();
    expect(target.querySelector('.time')!.textContent).toBe('00:30:05');
    expect(target.querySelector('.date')!.textContent).toContain('29/11/2026');
    // It has no timer of its own: it shows what the page's clock says, when the page says it.
    vi.advanceTimersByTime(2000);
    flushSync();
    expect(target.querySelector('.time')!.textContent).toBe('00:30:05');
    props.now += 2000;
    flushSync();
    expect(target.querySelector('.time')!.textContent).toBe('00:30:07');
    unmount(component);
  });
});
