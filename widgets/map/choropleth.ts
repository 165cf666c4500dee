/**
 * The figures the wards are coloured by: the on-time rate of citizen reports by default, or any
 * `Breakdown` keyed by ward code. Three classes rather than a smooth ramp: from across the room a
 * ward is one of three colours.
 *
 * Red, amber and green judge a ward, so they are used only against targets somebody set (the
 * city's on-time rate, a dashboard's `targets`). Without targets the wards are only compared with
 * each other, in three shades of one colour: 95.4 % is not "bad" because a neighbour has 98.9 %.
 */
import type { Breakdown, LocalizedText, ReportSummary } from '../../server/protocol/topics';
import { formatNumber, formatPercent } from '../../server/protocol/format/format';
import { ON_TIME_TARGETS } from '../meaning';

export type ChoroplethClass = 'bad' | 'fair' | 'good' | 'low' | 'mid' | 'high' | 'none';

/** Thresholds in the value's own sense: `bad` at the worse end, `good` at the better. */
export interface ChoroplethTargets {
  bad: number;
  good: number;
}

export type ChoroplethScale =
  /** Judged against set targets: red, amber, green. */
  | { kind: 'targets'; bad: number; good: number }
  /** Compared with each other: the span of the figures in thirds, light to dark. */
  | { kind: 'relative'; low: number; high: number };

export interface Choropleth {
  /** Value per ward code; null where the ward has no figure yet. */
  values: Readonly<Record<string, number | null>>;
  higherIsBetter: boolean;
  scale: ChoroplethScale;
  format: 'number' | 'percent';
  /** The legend's words. */
  title: LocalizedText;
  /** The span of the figures, shown in the legend of a relative scale; null otherwise. */
  range: { low: number; high: number } | null;
}

export function onTimeChoropleth(byWard: ReportSummary['byWard'] | undefined): Choropleth {
  return {
    values: byWard ? Object.fromEntries(byWard.map((ward) => [ward.ward, ward.onTimeRate])) : {},
    higherIsBetter: true,
    scale: { kind: 'targets', ...ON_TIME_TARGETS },
    format: 'percent',
    title: { vi: 'Tỷ lệ đúng hạn theo phường, xã', en: 'On-time rate by ward' },
    range: null,
  };
}

/** The choropleth is on but its figures are not there (yet, or not of the right shape). */
export function emptyChoropleth(): Choropleth {
  return {
    values: {},
    higherIsBetter: true,
    scale: { kind: 'relative', low: 0, high: 0 },
    format: 'number',
    title: { vi: 'Chưa có số liệu theo phường, xã', en: 'No figures by ward yet' },
    range: null,
  };
}

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/** Ward codes are the GSO's five digits; other rows (a total, a slug) are not wards. */
const WARD_CODE = /^\d{5}$/;

/** Any Breakdown by ward: judged against `targets` when the dashboard sets them, else compared. */
export function breakdownChoropleth(breakdown: Breakdown, targets?: ChoroplethTargets): Choropleth {
  const rows = breakdown.rows.filter((row) => WARD_CODE.test(row.key) && Number.isFinite(row.value));
  const values = rows.map((row) => row.value);
  const low = values.length > 0 ? Math.min(...values) : 0;
  const high = values.length > 0 ? Math.max(...values) : 0;
  const third = (high - low) / 3;
  return {
    values: Object.fromEntries(rows.map((row) => [row.key, row.value])),
    higherIsBetter: breakdown.higherIsBetter,
    scale: targets ? { kind: 'targets', ...targets } : { kind: 'relative', low: low + third, high: high - third },
    format: breakdown.format,
    title: { vi: `${capitalised(breakdown.unit.vi)} theo phường, xã`, en: `${capitalised(breakdown.unit.en)} by ward` },
    range: !targets && rows.length > 0 ? { low, high } : null,
  };
}

export function choroplethClass(value: number | null | undefined, choropleth: Choropleth): ChoroplethClass {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'none';
  const { scale } = choropleth;
  if (scale.kind === 'relative') {
    // All wards alike: nothing to tell apart.
    if (scale.low === scale.high) return 'mid';
    return value < scale.low ? 'low' : value < scale.high ? 'mid' : 'high';
  }
  if (choropleth.higherIsBetter) return value < scale.bad ? 'bad' : value < scale.good ? 'fair' : 'good';
  return value > scale.bad ? 'bad' : value > scale.good ? 'fair' : 'good';
}

/** The classes in the legend's order, low values on the left. */
export function legendClasses(choropleth: Choropleth): ChoroplethClass[] {
  if (choropleth.scale.kind === 'relative') return ['low', 'mid', 'high'];
  return choropleth.higherIsBetter ? ['bad', 'fair', 'good'] : ['good', 'fair', 'bad'];
}

/**
 * The legend's words: the title, with the span of the figures on a relative scale, or the targets
 * ("< 70,0% · ≥ 90,0%") on a judged one.
 */
export function choroplethLabel(choropleth: Choropleth): LocalizedText {
  const { range, format, title, scale } = choropleth;
  const text = (locale: 'vi' | 'en') => {
    const show = (value: number) =>
      format === 'percent'
        ? formatPercent(value, locale)
        : formatNumber(value, locale, Number.isInteger(value) ? 0 : 1);
    if (scale.kind === 'targets') {
      const [worse, better] = choropleth.higherIsBetter ? ['<', '≥'] : ['>', '≤'];
      return `${title[locale]} (${worse} ${show(scale.bad)} · ${better} ${show(scale.good)})`;
    }
    return range ? `${title[locale]} (${show(range.low)}–${show(range.high)})` : title[locale];
  };
  return { vi: text('vi'), en: text('en') };
}
