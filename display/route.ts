/**
 * The SPA's routes. `/wall/<screen-id>` is a registered screen; `/view/<dashboard-id>` opens a
 * dashboard in any browser (a leader's briefing when signed in, the public page for a public
 * dashboard); `/pair` shows a new screen's pairing code; `/entry/…` is data entry for wards and
 * departments; `?lang=en` switches to English.
 */
import type { Locale } from '../widgets/widget';
import { isReportsPage, type ReportsPage } from './entry/reports/nav';

export type Route =
  | { kind: 'wall'; screenId: string; locale: Locale | null }
  | {
      kind: 'view';
      dashboardId: string;
      locale: Locale | null;
      profile: 'wall' | 'briefing' | 'led' | null;
      /** `?at=2026-11-20T08:00`: the replay player at that moment (the server reads the moment). */
      at: string | null;
    }
  | { kind: 'console'; locale: Locale | null }
  | { kind: 'pair'; locale: Locale | null }
  | { kind: 'entry-reports'; page: ReportsPage; locale: Locale | null }
  /** `/entry` and its pages: the data entry app (the page is read from the path by the entry shell). */
  | { kind: 'entry'; path: string; locale: Locale | null }
  | { kind: 'redirect'; to: string; locale: Locale | null };

export function parseRoute(location: { pathname: string; search: string }): Route {
  const lang = new URLSearchParams(location.search).get('lang');
  const locale: Locale | null = lang === 'en' || lang === 'vi' ? lang : null;
  if (/^\/console\/?$/.test(location.pathname)) return { kind: 'console', locale };
  if (/^\/pair\/?$/.test(location.pathname)) return { kind: 'pair', locale };
  // Report handling: /entry/dieu-phoi, /entry/hop-thu, /entry/kiem-duyet.
  const entryReports = /^\/entry\/([a-z-]+)\/?$/.exec(location.pathname);
  if (entryReports && isReportsPage(entryReports[1]!)) return { kind: 'entry-reports', page: entryReports[1], locale };
  if (/^\/entry(\/[a-z0-9/._-]*)?$/.test(location.pathname)) return { kind: 'entry', path: location.pathname, locale };
  const wall = /^\/wall\/([a-z0-9][a-z0-9-]{0,62})\/?$/.exec(location.pathname);
  if (wall) return { kind: 'wall', screenId: wall[1]!, locale };
  const view = /^\/view\/([a-z0-9][a-z0-9-]{0,62})\/?$/.exec(location.pathname);
  if (view) {
    // `?profile=led` previews a panel's dashboard as the panel draws it.
    const query = new URLSearchParams(location.search);
    const profile = query.get('profile');
    return {
      kind: 'view',
      dashboardId: view[1]!,
      locale,
      profile: profile === 'wall' || profile === 'briefing' || profile === 'led' ? profile : null,
      at: query.get('at') || null,
    };
  }
  return { kind: 'redirect', to: `/wall/main${location.search}`, locale };
}
