/** Asks the server for the detail of what a leader selected (`GET /api/v1/detail`). */
import type { CompareBasis, DetailAnswer } from '../../../server/protocol/detail';
import type { LocalizedText } from '../../../server/protocol/topics';
import type { DetailTarget } from '../../../widgets/widget';

export type DetailResult = { kind: 'ok'; detail: DetailAnswer } | { kind: 'error'; message: LocalizedText };

/** The query of a target: the dashboard goes too, so a public page gets public data only. */
export function detailUrl(target: DetailTarget, compare: CompareBasis, dashboard: string): string {
  const query = new URLSearchParams({ topic: target.topic, field: target.field ?? '', compare, dashboard });
  if (target.unit) query.set('unit', target.unit);
  if (target.department) query.set('department', target.department);
  if (target.row) query.set('row', target.row);
  if (target.exception) query.set('exception', target.exception);
  return `/api/v1/detail?${query.toString()}`;
}

export async function fetchDetail(url: string, signal: AbortSignal): Promise<DetailResult> {
  try {
    const response = await fetch(url, { signal, credentials: 'same-origin' });
    const body = (await response.json()) as DetailAnswer | { message?: string; messageVi?: string };
    if (response.ok) return { kind: 'ok', detail: body as DetailAnswer };
    const refusal = body as { message?: string; messageVi?: string };
    return {
      kind: 'error',
      message: { vi: refusal.messageVi ?? `Lỗi ${response.status}`, en: refusal.message ?? `Error ${response.status}` },
    };
  } catch (error) {
    if (signal.aborted) throw error;
    return { kind: 'error', message: { vi: 'Không kết nối được máy chủ', en: 'The server could not be reached' } };
  }
}
