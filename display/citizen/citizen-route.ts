/** The citizens' app's pages, from the address: `/phan-anh`, `/phan-anh/<code>`, `/phan-anh/theo-doi/<reportId>`. */
import type { Locale } from './citizen-strings';

export type CitizenRoute =
  | { kind: 'form'; locale: Locale }
  /** The citizen's own report, by its tracking code: can be rated. */
  | { kind: 'track'; code: string; locale: Locale }
  /** Somebody else's report (a duplicate's link): read only. */
  | { kind: 'follow'; reportId: string; locale: Locale };

export function parseCitizenRoute(location: { pathname: string; search: string }): CitizenRoute {
  const locale: Locale = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'vi';
  const parts = location.pathname
    .split('/')
    .filter(Boolean)
    .map((part) => decodeURIComponent(part));
  if (parts[0] !== 'phan-anh' || parts.length === 1) return { kind: 'form', locale };
  if (parts[1] === 'theo-doi' && parts[2]) return { kind: 'follow', reportId: parts[2], locale };
  return { kind: 'track', code: parts[1]!, locale };
}

/** A page of the app in the same language as this one. */
export function pageUrl(path: string, locale: Locale): string {
  return locale === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
}

/** The city's settings the server writes into the page (`<meta name="ioc-city">`). */
export interface CitySettings {
  timeZone: string;
  center: [number, number];
  zoom: number;
  wardBoundaries: string;
}

const DEFAULT_CITY: CitySettings = {
  timeZone: 'Asia/Ho_Chi_Minh',
  center: [106.758, 21.853],
  zoom: 12.6,
  wardBoundaries: '/geodata/langson-wards-2025-schematic.geojson',
};

export function readCity(content: string | null | undefined): CitySettings {
  try {
    const parsed = JSON.parse(content ?? '') as Partial<CitySettings>;
    return { ...DEFAULT_CITY, ...parsed };
  } catch {
    // The dev server serves the page as built, without the server's settings.
    return DEFAULT_CITY;
  }
}
