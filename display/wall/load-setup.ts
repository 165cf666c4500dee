/** Fetches what a screen needs to draw itself; retries while the server cannot be reached. */
import type { ScreenSetup } from '../../server/protocol/index';
import { clockOffset, SERVER_TIME_HEADER } from '../../server/protocol/server-time';

/** `clockOffset`: server time less this machine's, measured on the answer (null if it carried none). */
export type SetupResult =
  | { ok: true; setup: ScreenSetup; clockOffset: number | null }
  | { ok: false; status: number; message: { vi: string; en: string } };

/** What a page shows: a registered screen, or a dashboard opened directly (`/view/<id>`). */
export type SetupSource = { kind: 'screen'; id: string } | { kind: 'dashboard'; id: string };

function setupUrl(source: SetupSource): string {
  const base = source.kind === 'screen' ? '/api/v1/screens/' : '/api/v1/dashboards/';
  return `${base}${encodeURIComponent(source.id)}/setup`;
}

export async function loadSetup(
  source: SetupSource,
  token: string | null,
  fetcher: typeof fetch = fetch,
): Promise<SetupResult> {
  const sentAt = Date.now();
  const response = await fetcher(setupUrl(source), {
    cache: 'no-store',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const receivedAt = Date.now();
  if (response.ok) {
    // A PC whose clock is off must not show the wrong playlist item until its socket connects.
    const serverTime = Number(response.headers.get(SERVER_TIME_HEADER));
    const offset = Number.isFinite(serverTime) && serverTime > 0 ? clockOffset(serverTime, sentAt, receivedAt) : null;
    return { ok: true, setup: (await response.json()) as ScreenSetup, clockOffset: offset };
  }
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
export function screenToken(
  screenId: string,
  location: Location = window.location,
  storage: Storage = window.localStorage,
): string | null {
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

/** Which screen this browser became at `/pair` (a kiosk that always opens `/pair` lands on it). */
const PAIRED_KEY = 'ioc.paired-screen';

/** Keeps what a pairing gave this browser, so that it survives reboots. */
export function rememberPairing(screenId: string, token: string, storage: Storage = window.localStorage): void {
  storage.setItem(TOKEN_KEY(screenId), token);
  storage.setItem(PAIRED_KEY, screenId);
}

/** The screen this browser was paired as at `/pair`, if it still holds its token. */
export function pairedScreen(storage: Storage = window.localStorage): string | null {
  const screenId = storage.getItem(PAIRED_KEY);
  return screenId && storage.getItem(TOKEN_KEY(screenId)) ? screenId : null;
}

export function pairedHere(screenId: string, storage: Storage = window.localStorage): boolean {
  return storage.getItem(PAIRED_KEY) === screenId;
}

/** The token was refused (revoked, screen removed): forget it, so `/pair` asks for a new code. */
export function forgetPairing(screenId: string, storage: Storage = window.localStorage): void {
  storage.removeItem(TOKEN_KEY(screenId));
  if (storage.getItem(PAIRED_KEY) === screenId) storage.removeItem(PAIRED_KEY);
}
