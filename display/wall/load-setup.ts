/** Fetches what a screen needs to draw itself; retries while the server cannot be reached. */
import type { ScreenSetup } from '../../server/protocol/index';

export type SetupResult = { ok: true; setup: ScreenSetup } | { ok: false; status: number; message: { vi: string; en: string } };

export async function loadSetup(screenId: string, fetcher: typeof fetch = fetch): Promise<SetupResult> {
  const response = await fetcher(`/api/v1/screens/${encodeURIComponent(screenId)}/setup`, { cache: 'no-store' });
  if (response.ok) return { ok: true, setup: (await response.json()) as ScreenSetup };
  const body = (await response.json().catch(() => ({}))) as { message?: string; messageVi?: string };
  return {
    ok: false,
    status: response.status,
    message: { vi: body.messageVi ?? `Lỗi ${response.status}`, en: body.message ?? `Error ${response.status}` },
  };
}
