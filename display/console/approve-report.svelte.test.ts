import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import ApproveReport from './ApproveReport.svelte';

interface Call {
  path: string;
  body: Record<string, unknown>;
}

/** A server that previews by masking one known phone number, and records every call. */
function fakeServer() {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body ?? '{}')) as Record<string, unknown>;
    calls.push({ path, body });
    if (path.endsWith('/public-preview')) {
      const source = typeof body.publicTitle === 'string' ? body.publicTitle : 'Cống tắc, gọi 0912345678';
      const publicText = source.replace('0912345678', '[đã ẩn số điện thoại]');
      const flags =
        publicText === source ? [] : [{ kind: 'phone', count: 1, label: { vi: 'số điện thoại', en: 'phone number' } }];
      return new Response(JSON.stringify({ id: 'r-1', publicText, flags, public: false }), { status: 200 });
    }
    return new Response(JSON.stringify({ ok: true }), { status: 200 });
  });
  return calls;
}

/** Waits until `ready` holds (the component's fetch answered and it redrew), not for a set time. */
async function until(ready: () => boolean): Promise<void> {
  await vi.waitFor(
    () => {
      flushSync();
      if (!ready()) throw new Error('not yet');
    },
    { timeout: 15_000, interval: 5 },
  );
}

const lastPath = (calls: Call[]) => calls.at(-1)?.path;

function click(target: HTMLElement, selector: string) {
  const button = target.querySelector(selector) as HTMLButtonElement | null;
  if (!button) throw new Error(`no ${selector}`);
  button.click();
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ApproveReport', () => {
  it('shows the masked public text and its flags, and approves exactly that text', async () => {
    const calls = fakeServer();
    const done = vi.fn();
    const target = document.createElement('div');
    const component = mount(ApproveReport, {
      target,
      props: {
        reportId: 'r-1',
        locale: 'vi',
        onerror: (e: unknown) => {
          throw e;
        },
        ondone: done,
      },
    });
    click(target, '[data-approve]');
    await until(() => target.querySelector('[data-public-text]') !== null);
    expect(target.querySelector('[data-public-text]')!.textContent).toBe('Cống tắc, gọi [đã ẩn số điện thoại]');
    expect(target.querySelector('[data-flags]')!.textContent).toContain('số điện thoại (1)');
    expect(calls.map((call) => call.path)).toEqual(['/api/v1/reports/r-1/public-preview']); // nothing approved by opening

    click(target, '[data-confirm]');
    await until(() => done.mock.calls.length > 0);
    expect(calls.at(-1)).toEqual({
      path: '/api/v1/reports/r-1/moderation',
      body: { approve: true, publicTitle: 'Cống tắc, gọi [đã ẩn số điện thoại]' },
    });
    expect(done).toHaveBeenCalledOnce();
    unmount(component);
  });

  it('an edited title must be previewed again before it can be approved', async () => {
    const calls = fakeServer();
    const target = document.createElement('div');
    const component = mount(ApproveReport, {
      target,
      props: {
        reportId: 'r-1',
        locale: 'en',
        onerror: (e: unknown) => {
          throw e;
        },
        ondone: () => {},
      },
    });
    click(target, '[data-approve]');
    await until(() => target.querySelector('[data-public-title]') !== null);
    const input = target.querySelector('[data-public-title]') as HTMLInputElement;
    input.value = 'Cống tắc, báo 0912345678';
    input.dispatchEvent(new Event('input'));
    flushSync();
    expect(target.querySelector('[data-confirm]')).toBeNull();
    click(target, '[data-preview-again]');
    await until(() => calls.length === 2 && target.querySelector('[data-confirm]') !== null);
    expect(calls.at(-1)).toEqual({
      path: '/api/v1/reports/r-1/public-preview',
      body: { publicTitle: 'Cống tắc, báo 0912345678' },
    });
    expect(target.querySelector('[data-public-text]')!.textContent).toBe('Cống tắc, báo [đã ẩn số điện thoại]');
    expect(target.querySelector('[data-flags]')!.textContent).toContain('phone number (1)');
    click(target, '[data-confirm]');
    await until(() => lastPath(calls) === '/api/v1/reports/r-1/moderation');
    expect(calls.at(-1)!.body).toEqual({ approve: true, publicTitle: 'Cống tắc, báo [đã ẩn số điện thoại]' });
    unmount(component);
  });
});
