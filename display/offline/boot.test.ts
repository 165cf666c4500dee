import { describe, expect, it } from 'vitest';
import { bootSetup } from './boot';
import type { CachedSetup } from './offline-cache';
import type { ScreenSetup } from '../../server/protocol/index';
import type { SetupResult } from '../wall/load-setup';

const setup = (title: string) =>
  ({ screen: { id: 'led' }, dashboard: { title: { vi: title, en: title } } }) as unknown as ScreenSetup;

function fakeCache(kept: CachedSetup | null) {
  const calls: string[] = [];
  let record = kept;
  return {
    calls,
    get record() {
      return record;
    },
    cache: {
      loadSetup: async () => record,
      saveSetup: async (next: CachedSetup) => {
        calls.push('save');
        record = next;
      },
      forget: async () => {
        calls.push('forget');
        record = null;
      },
    },
  };
}

const kept: CachedSetup = { screenId: 'led', setup: setup('kept'), kiosk: null, savedAt: 1 };
const answer = (result: SetupResult) => async () => result;
const down = async (): Promise<SetupResult> => {
  throw new TypeError('Failed to fetch');
};

describe('bootSetup', () => {
  it('takes the server’s setup when it answers, and keeps it for a boot without the server', async () => {
    const store = fakeCache(null);
    const result = await bootSetup(
      'led',
      answer({ ok: true, setup: setup('live'), clockOffset: 1500 }),
      store.cache,
      () => 42,
    );
    // With the server's clock as measured on the answer: the page starts on server time.
    expect(result).toMatchObject({ kind: 'live', clockOffset: 1500 });
    expect(store.record).toMatchObject({ screenId: 'led', savedAt: 42, setup: setup('live') });
  });

  it('boots from what was kept when the server cannot be reached, or a proxy answers for it', async () => {
    const offline = await bootSetup('led', down, fakeCache(kept).cache);
    expect(offline).toMatchObject({ kind: 'cached', setup: setup('kept') });
    const gateway = await bootSetup(
      'led',
      answer({ ok: false, status: 502, message: { vi: 'Lỗi 502', en: 'Error 502' } }),
      fakeCache(kept).cache,
    );
    expect(gateway.kind).toBe('cached');
  });

  it('keeps trying when nothing was kept', async () => {
    expect(await bootSetup('led', down, fakeCache(null).cache)).toEqual({
      kind: 'unreachable',
      status: null,
      message: null,
    });
    expect(await bootSetup('led', down, null)).toMatchObject({ kind: 'unreachable' });
  });

  it('forgets what was kept when the server refuses the screen (token revoked, screen removed)', async () => {
    for (const status of [401, 403, 404]) {
      const store = fakeCache(kept);
      const result = await bootSetup(
        'led',
        answer({ ok: false, status, message: { vi: 'không', en: 'no' } }),
        store.cache,
      );
      expect(result).toMatchObject({ kind: 'refused', status });
      expect(store.calls).toEqual(['forget']);
      expect(store.record).toBeNull();
    }
  });
});
