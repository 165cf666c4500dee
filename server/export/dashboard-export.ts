/**
 * A dashboard at one moment, ready to export: who may have it (the same audience rule as the
 * screen), the tables of its widgets, and the words for the moment and the source. The routes
 * (CSV, .xlsx, the PDF pack) all start here.
 */
import type { Dashboard } from '../../config/schema/dashboard';
import type { WidgetManifest } from '../../widgets/widget';
import type { Identity } from '../access/identity';
import { can } from '../access/identity';
import type { LocalizedText } from '../protocol/topics';
import { formatClock, formatLongDate } from '../protocol/format/format';
import type { ExportAudience, TopicMoment } from './topic-source';
import { widgetTable, type ExportTable, type WardName } from './widget-table';

/**
 * Which audience's data this caller may export from this dashboard, or null when the dashboard is
 * not theirs to see. A public dashboard exports public data whoever asks; an internal one needs a
 * person whose role reads internal topics (screens and feed keys do not export).
 */
export function exportAudience(identity: Identity, dashboard: Pick<Dashboard, 'audience'>): ExportAudience | null {
  if (dashboard.audience === 'public') return 'public';
  return can(identity, 'topics.internal') ? 'internal' : null;
}

/** The city's calendar hour (`2026-12-04T08`), as the screens' `WidgetHost.cityHour`. */
export function cityHour(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}`;
}

/** "Thứ Sáu, 04/12/2026 lúc 12:34:56 (Asia/Ho_Chi_Minh)": the moment in the city's time, vi-VN. */
export function momentText(ms: number, timeZone: string, past: boolean): LocalizedText {
  const vi = `${formatLongDate(ms, 'vi', timeZone)} lúc ${formatClock(ms, 'vi', timeZone)}`;
  const en = `${formatLongDate(ms, 'en', timeZone)} at ${formatClock(ms, 'en', timeZone)}`;
  return past
    ? { vi: `${vi} (xem lại quá khứ)`, en: `${en} (replay of the past)` }
    : { vi: `${vi} (trực tiếp)`, en: `${en} (live)` };
}

/** "Phản ánh hiện trường (reports.summary); …": which topics, named as the system names them. */
export function sourceText(
  topics: readonly string[],
  titles: (name: string) => LocalizedText | undefined,
): LocalizedText {
  const named = [...new Set(topics)].map((name) => ({ name, title: titles(name) }));
  return {
    vi: named.map(({ name, title }) => `${title?.vi ?? name} (${name})`).join('; '),
    en: named.map(({ name, title }) => `${title?.en ?? name} (${name})`).join('; '),
  };
}

/** Every widget's table of a dashboard at a moment (widgets with no figures or no data are left out). */
export function dashboardTables(
  dashboard: Dashboard,
  manifests: ReadonlyMap<string, WidgetManifest>,
  moment: TopicMoment,
  city: { timeZone: string; wards: readonly WardName[] },
): ExportTable[] {
  const context = {
    host: { screen: null, cityHour: cityHour(moment.at, city.timeZone) },
    wards: city.wards,
    timeZone: city.timeZone,
    now: moment.at,
  };
  return dashboard.widgets.flatMap((placement) => {
    const manifest = manifests.get(placement.type);
    if (!manifest) return [];
    const table = widgetTable(placement, manifest, moment.data, context);
    return table ? [table] : [];
  });
}
