import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import ReportForm from './ReportForm.svelte';
import type { ReportView } from '../../server/protocol/entry';

/** 4 December 2026, 01:00 UTC: 08:00 in Hà Nội, 10:00 in Tokyo. */
const SUBMITTED_AT = Date.UTC(2026, 11, 4, 1, 0);

/** The report as the server sends it, for a city in `timeZone`. */
function view(timeZone: string): ReportView {
  return {
    template: 'phuong-xa-thang',
    templateVersion: 1,
    templateTitle: { vi: 'Báo cáo tháng', en: 'Monthly report' },
    period: '2026-11',
    unit: '05986',
    unitName: { vi: 'Phường Tam Thanh', en: 'Tam Thanh Ward' },
    state: 'submitted',
    values: { a: 1 },
    returnedReason: null,
    submittedAt: SUBMITTED_AT,
    corrections: 0,
    dueDate: '2026-12-05',
    approvedBy: { vi: 'Chủ tịch', en: 'Chair' },
    history: [{ kind: 'submitted', at: SUBMITTED_AT, by: 'user:can-bo', templateVersion: 1, via: 'form' }],
    timeZone,
    indicators: [
      {
        id: 'a',
        name: { vi: 'Chỉ tiêu', en: 'Indicator' },
        unit: { vi: 'hộ', en: 'households' },
        decimals: 0,
        required: true,
      },
    ],
  };
}

async function historyTime(timeZone: string): Promise<string> {
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify(view(timeZone)), { status: 200 }));
  const target = document.createElement('div');
  document.body.append(target);
  const form = mount(ReportForm, {
    target,
    props: {
      template: 'phuong-xa-thang',
      unit: '05986',
      period: '2026-11',
      locale: 'vi',
      canEnter: true,
      canApprove: false,
      onchange: () => undefined,
    },
  });
  await vi.waitFor(
    () => {
      flushSync();
      if (!target.querySelector('[data-history-at]')) throw new Error('not yet');
    },
    { timeout: 15_000, interval: 5 },
  );
  const text = target.querySelector('[data-history-at]')!.textContent!;
  unmount(form);
  target.remove();
  return text;
}

afterEach(() => vi.unstubAllGlobals());

describe('the report form', () => {
  it("shows the history's times in the city's time zone from config, not one written in the code", async () => {
    expect(await historyTime('Asia/Tokyo')).toContain('10:00');
    expect(await historyTime('Asia/Ho_Chi_Minh')).toContain('08:00');
  });
});
