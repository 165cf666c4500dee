/** Fetches what a screen needs to draw itself; retries while the server cannot be reached. */
import type { ScreenSetup } from '../../server/protocol/index';

export type SetupResult = { ok: true; setup: ScreenSetup } | { ok: false; status: number; message: { vi: string; en: string } };

/** What a page shows: a registered screen, or a dashboard opened directly (`/view/<id>`). */
export type SetupSource = { kind: 'screen'; id: string } | { kind: 'dashboard'; id: string };

export function setupUrl(source: SetupSource): string {
  const base = source.kind === 'screen' ? '/api/v1/screens/' : '/api/v1/dashboards/';
  return `${base}${encodeURIComponent(source.id)}/setup`;
}

export async function loadSetup(source: SetupSource, token: string | null, fetcher: typeof fetch = fetch): Promise<SetupResult> {
  const response = await fetcher(setupUrl(source), {
    cache: 'no-store',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (response.ok) return { ok: true, setup: (await response.json()) as ScreenSetup };
  const body = (await response.json().catch(() => ({}))) as { message?: string; messageVi?: string };
  return {
    ok: false,
    status: response.status,
    message: { vi: body.messageVi ?? `Lỗi ${response.status}`, en: body.message ?? `Error ${response.status}` },
  };
}

const TOKEN_KEY = (screenId: string) => `ioc.screen-token.${screenId}`;

/**
 * The screen's token: taken from `?token=` once (then kept, and removed from the address bar so
 * it is not on show), or from storage after a reboot.
 */
export function screenToken(screenId: string, location: Location = window.location, storage: Storage = window.localStorage): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl && /^iocs_[A-Za-z0-9_-]{20,100}$/.test(fromUrl)) {
    storage.setItem(TOKEN_KEY(screenId), fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY(screenId));
}
