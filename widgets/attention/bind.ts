/**
 * From the exceptions to rows a wall reads at five metres: what, the figure against its limit or
 * its usual, the unit, since when. Texts are made here (vi-VN numbers), so the component only lays out.
 */
import type { ExceptionItem, ExceptionSeverity, LocalizedText } from '../../server/protocol/topics';
import { formatAge, formatNumber, formatPercentInText, type Locale } from '../../server/protocol/format/format';
import { meaningOfException, type Meaning } from '../meaning';
import type { DetailTarget, TopicData } from '../widget';
import type { AttentionOptions } from './options';

export interface AttentionRow {
  id: string;
  severity: ExceptionSeverity;
  meaning: Meaning;
  badge: LocalizedText;
  label: LocalizedText;
  unit: string | null;
  figure: LocalizedText;
  reference: LocalizedText;
  since: number;
  /** What the detail panel opens; null for what has no indicator behind it (a feed). */
  target: DetailTarget | null;
}

export interface AttentionInput {
  rows: AttentionRow[];
}

export const BADGES: Readonly<Record<ExceptionSeverity, LocalizedText>> = {
  alarm: { vi: 'Báo động', en: 'Alarm' },
  warn: { vi: 'Cảnh báo', en: 'Warning' },
  anomaly: { vi: 'Bất thường', en: 'Unusual' },
};

const both = (text: (locale: Locale) => string): LocalizedText => ({ vi: text('vi'), en: text('en') });

function withMeasure(value: number, item: ExceptionItem, locale: Locale): string {
  const digits = Number.isInteger(value) ? 0 : 1;
  const measure = item.measure?.[locale];
  return measure ? `${formatNumber(value, locale, digits)} ${measure}` : formatNumber(value, locale, digits);
}

/** The exception's figure and what it is judged against (its limit, the plan, its usual), as the row and the detail panel say them. */
export function exceptionTexts(item: ExceptionItem): { figure: LocalizedText; reference: LocalizedText } {
  switch (item.basis) {
    case 'plan':
      return {
        figure: both((l) => `${formatPercentInText(item.value, l)} ${l === 'vi' ? 'kế hoạch' : 'of plan'}`),
        reference: both((l) => `${l === 'vi' ? 'ngưỡng' : 'limit'} ${formatPercentInText(item.reference, l)}`),
      };
    case 'baseline':
      return {
        figure: both((l) => withMeasure(item.value, item, l)),
        reference: both((l) => `${l === 'vi' ? 'thường lệ' : 'usually'} ${formatNumber(item.reference, l, 0)}`),
      };
    case 'silence':
      return {
        figure: both((l) => formatAge(item.value * 60_000, l)),
        reference: both((l) => `${l === 'vi' ? 'giới hạn' : 'limit'} ${formatAge(item.reference * 60_000, l)}`),
      };
    default:
      return {
        figure: both((l) => withMeasure(item.value, item, l)),
        reference: both((l) => `${l === 'vi' ? 'ngưỡng' : 'limit'} ${formatNumber(item.reference, l, 0)}`),
      };
  }
}

export function bindAttention(data: TopicData, _options: AttentionOptions): AttentionInput | null {
  const list = data['exceptions.now'];
  if (!list) return null;
  return {
    rows: list.items.map((item) => ({
      id: item.id,
      severity: item.severity,
      meaning: meaningOfException(item.severity),
      badge: BADGES[item.severity],
      label: item.label,
      unit: item.unit,
      ...exceptionTexts(item),
      since: item.since,
      target:
        item.basis === 'silence'
          ? null
          : // The server finds the indicator behind the exception from its rule (ward, department or KPI).
            { topic: 'exceptions.now', field: item.rule, exception: item.id, label: item.label },
    })),
  };
}

/** "từ 12 phút" / "for 12 min": how long it has lasted, by the page's server clock. */
export function lastedText(since: number, now: number, locale: Locale): string {
  const age = formatAge(Math.max(0, now - since), locale);
  return locale === 'vi' ? `${age} nay` : `for ${age}`;
}

/** How many rows of `rowPx` fit in `heightPx`, keeping a line for "+N more" when some are left out. */
export function rowsThatFit(heightPx: number, rowPx: number, wanted: number): number {
  if (!(heightPx > 0) || !(rowPx > 0)) return wanted;
  const all = Math.floor(heightPx / rowPx + 1e-6);
  if (all >= wanted) return wanted;
  return Math.max(1, Math.floor((heightPx - rowPx * 0.6) / rowPx + 1e-6));
}
