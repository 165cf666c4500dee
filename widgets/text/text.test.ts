import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import Text from './Text.svelte';
import manifest from './manifest';
import { bindText } from './bind';
import { options, type TextOptions } from './options';
import WidgetFrame from '../../display/wall/WidgetFrame.svelte';
import { TopicStore } from '../../display/live/topic-store.svelte';
import { widgetManifest } from '../registry';
import { ThisScreen } from '../../display/screen-control/identity.svelte';
import { thisScreenContext } from '../../display/screen-control/identity-context';

const hotlines = {
  vi: 'Đường dây nóng: 0205 3812 345\nCông an TP: 113',
  en: 'Hotline: 0205 3812 345\nCity police: 113',
};
const o = (extra: Partial<TextOptions> = {}) => Value.Default(options, { text: hotlines, ...extra }) as TextOptions;
const city = { center: [106.76, 21.85] as [number, number], zoom: 12, wardBoundariesSchematic: true };

describe('text widget', () => {
  it('reads no topic and always has its text to show', () => {
    expect(manifest.topics(o())).toEqual([]);
    expect(bindText({}, o())).toEqual({ text: hotlines });
  });

  it('takes bilingual text, a size and an alignment, and refuses anything else', () => {
    const check = (value: Record<string, unknown>) => Value.Check(options, Value.Default(options, value));
    expect(o()).toMatchObject({ size: 'normal', align: 'start' });
    expect(check({ text: hotlines, size: 'huge', align: 'center' })).toBe(true);
    expect(check({ text: { vi: 'Chỉ tiếng Việt' } })).toBe(false);
    expect(check({ text: { vi: '', en: 'x' } })).toBe(false);
    expect(check({ text: hotlines, size: 'giant' })).toBe(false);
    expect(check({ text: hotlines, html: '<b>x</b>' })).toBe(false);
  });

  it('shows the text of the screen language as text, never as markup', () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const target = document.createElement('div');
    const opts = o({ text: { vi: hostile, en: 'Hotline' }, size: 'large', align: 'center' });
    const component = mount(Text, {
      target,
      props: {
        input: bindText({}, opts),
        options: opts,
        locale: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'led',
        city,
        serverNow: Date.now,
        now: 0,
      },
    });
    flushSync();
    expect(target.querySelector('img')).toBeNull();
    expect(target.querySelector('script')).toBeNull();
    expect(target.querySelector('p')!.textContent).toBe(hostile);
    expect(target.querySelector('.text')!.className).toContain('size-large');
    expect(target.querySelector('.text')!.className).toContain('align-center');
    unmount(component);
  });

  it('is live on the wall at once, with no topic to wait for', async () => {
    let subscriptions = 0;
    const store = new TopicStore(
      {
        subscribe: async () => {
          subscriptions++;
          throw new Error('no topic expected');
        },
        unsubscribe: () => {},
      },
      (callback) => callback(),
    );
    const target = document.createElement('div');
    const component = mount(WidgetFrame, {
      target,
      context: thisScreenContext(new ThisScreen()),
      props: {
        placement: {
          id: 'hotline',
          type: 'text',
          title: { vi: 'Đường dây nóng', en: 'Hotlines' },
          area: { column: 1, row: 1, columns: 1, rows: 1 },
          options: { text: hotlines },
        },
        manifest: widgetManifest('text'),
        store,
        topicInfo: new Map(),
        locale: 'en',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'wall',
        city,
        now: Date.now(),
        serverNow: Date.now,
      },
    });
    flushSync();
    const frame = target.querySelector('[data-widget-id="hotline"]') as HTMLElement;
    expect(frame.dataset.state).toBe('live');
    expect(frame.textContent).not.toContain('Waiting for data');
    for (let i = 0; i < 5 && !frame.querySelector('.text'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      flushSync();
    }
    expect(frame.querySelector('.text p')!.textContent).toBe(hotlines.en);
    expect(frame.dataset.state).toBe('live');
    expect(subscriptions).toBe(0);
    unmount(component);
  });
});
