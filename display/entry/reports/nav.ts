/**
 * The report-handling pages for the `/entry` shell's nav (one entry each; the lead wires them
 * into `display/entry/EntryApp.svelte`). `needs` says who sees the entry: `dispatch` for
 * operators (`reports.moderate`), `units` for anyone with a department or ward to handle.
 */
export type ReportsPage = 'dieu-phoi' | 'hop-thu' | 'kiem-duyet';

export const REPORTS_NAV: ReadonlyArray<{
  page: ReportsPage;
  path: string;
  label: { vi: string; en: string };
  needs: 'dispatch' | 'units';
}> = [
  {
    page: 'dieu-phoi',
    path: '/entry/dieu-phoi',
    label: { vi: 'Điều phối phản ánh', en: 'Dispatch board' },
    needs: 'dispatch',
  },
  {
    page: 'hop-thu',
    path: '/entry/hop-thu',
    label: { vi: 'Hộp thư phản ánh', en: 'Department inbox' },
    needs: 'units',
  },
  {
    page: 'kiem-duyet',
    path: '/entry/kiem-duyet',
    label: { vi: 'Kiểm duyệt phản ánh', en: 'Moderation queue' },
    needs: 'dispatch',
  },
];

export function isReportsPage(value: string): value is ReportsPage {
  return REPORTS_NAV.some((entry) => entry.page === value);
}
