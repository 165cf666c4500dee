/**
 * The console's promotion panel: a ward's leaflet to download, and the loudspeaker and Zalo text
 * published through the promotion route (the server writes the text; the panel shows it back).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import PromotionPanel from './PromotionPanel.svelte';

interface Call {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
}

function fakeServer() {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    const body = init.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : null;
    calls.push({ method: init.method ?? 'GET', path, body });
    if (path === '/api/v1/notices/choices')
      return new Response(
        JSON.stringify({
          topics: [],
          wards: [{ code: '05986', name: { vi: 'Phường Tam Thanh', en: 'Tam Thanh Ward' } }],
        }),
        { status: 200 },
      );
    if (path === '/api/v1/promotion/notice')
      return new Response(
        JSON.stringify({
          announcementId: 'quang-ba-1',
          text: { vi: 'Phường Tam Thanh thông báo: Người dân có thể phản ánh…', en: 'Tam Thanh Ward: Residents can…' },
        }),
        { status: 200 },
      );
    return new Response('{}', { status: 404 });
  });
  return calls;
}

async function until(ready: () => boolean): Promise<void> {
  await vi.waitFor(
    () => {
      flushSync();
      if (!ready()) throw new Error('not yet');
    },
    { timeout: 15_000, interval: 5 },
  );
}

let component: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('the promotion panel', () => {
  it("offers a ward's A5 leaflet and publishes the loudspeaker and Zalo text for that ward", async () => {
    const calls = fakeServer();
    component = mount(PromotionPanel, { target: document.body, props: { locale: 'vi' } });
    const select = () => document.querySelector<HTMLSelectElement>('select[name="ward"]')!;
    await until(() => select().options.length === 2);
    expect(document.querySelector('[data-help-link="quang-ba"]')!.getAttribute('href')).toBe(
      '/huong-dan/operator#quang-ba',
    );
    // No ward yet: the leaflet is per ward, so there is none to download.
    expect(document.querySelector('[data-leaflet]')).toBeNull();
    select().value = '05986';
    select().dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(document.querySelector('[data-leaflet]')!.getAttribute('href')).toBe('/api/v1/promotion/leaflet/05986.pdf');

    document.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await until(() => document.querySelector('[data-promotion-text]') !== null);
    expect(calls.find((call) => call.method === 'POST')).toEqual({
      method: 'POST',
      path: '/api/v1/promotion/notice',
      body: { ward: '05986', days: 14 },
    });
    expect(document.querySelector('[data-promotion-text]')!.textContent).toContain('Phường Tam Thanh thông báo');
  });
});
