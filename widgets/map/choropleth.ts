/**
 * The figures the wards are coloured by: the on-time rate of citizen reports by default, or any
 * `Breakdown` keyed by ward code. Three classes (bad, fair, good) rather than a smooth ramp: from
 * across the room a ward is either red, amber or green.
 */
import type { Breakdown, LocalizedText, ReportSummary } from '../../server/protocol/topics';
import { formatNumber, formatPercent } from '../../display/format/format';

export type ChoroplethClass = 'bad' | 'fair' | 'good' | 'none';

export interface Choropleth {
  /** Value per ward code; null where the ward has no figure yet. */
  values: Readonly<Record<string, number | null>>;
  higherIsBetter: boolean;
  /** Where the classes change, in the value's own sense: `bad` is the worse end, `good` the better. */
  bad: number;
  good: number;
  format: 'number' | 'percent';
  /** The legend's words. */
  title: LocalizedText;
  /** The span of the figures, shown in the legend; null for fixed targets. */
  range: { low: number; high: number } | null;
}

/** The reports' on-time rate against the city's targets: below 70 % is bad, from 90 % good. */
export function onTimeChoropleth(byWard: ReportSummary['byWard'] | undefined): Choropleth {
  return {
    values: byWard ? Object.fromEntries(byWard.map((ward) => [ward.ward, ward.onTimeRate])) : {},
    higherIsBetter: true, bad: 0.7, good: 0.9, format: 'percent',
    title: { vi: 'Tỷ lệ đúng hạn theo phường, xã', en: 'On-time rate by ward' },
    range: null,
  };
}

/** The choropleth is on but its figures are not there (yet, or not of the right shape). */
export function emptyChoropleth(): Choropleth {
  return {
    values: {}, higherIsBetter: true, bad: 0, good: 0, format: 'number',
    title: { vi: 'Chưa có số liệu theo phường, xã', en: 'No figures by ward yet' }, range: null,
  };
}

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/** Ward codes are the GSO's five digits; other rows (a total, a slug) are not wards. */
const WARD_CODE = /^\d{5}$/;

/** Any Breakdown by ward: the classes split its own span in thirds. */
export function breakdownChoropleth(breakdown: Breakdown): Choropleth {
  const rows = breakdown.rows.filter((row) => WARD_CODE.test(row.key) && Number.isFinite(row.value));
  const values = rows.map((row) => row.value);
  const low = values.length > 0 ? Math.min(...values) : 0;
  const high = values.length > 0 ? Math.max(...values) : 0;
  const third = (high - low) / 3;
  return {
    values: Object.fromEntries(rows.map((row) => [row.key, row.value])),
    higherIsBetter: breakdown.higherIsBetter,
    bad: breakdown.higherIsBetter ? low + third : high - third,
    good: breakdown.higherIsBetter ? high - third : low + third,
    format: breakdown.format,
    title: { vi: `${capitalised(breakdown.unit.vi)} theo phường, xã`, en: `${capitalised(breakdown.unit.en)} by ward` },
    range: rows.length > 0 ? { low, high } : null,
  };
}

export function choroplethClass(value: number | null | undefined, choropleth: Choropleth): ChoroplethClass {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'none';
  // All wards alike: nothing to tell apart, so nobody is red.
  if (choropleth.bad === choropleth.good) return 'fair';
  if (choropleth.higherIsBetter) return value < choropleth.bad ? 'bad' : value < choropleth.good ? 'fair' : 'good';
  return value > choropleth.bad ? 'bad' : value > choropleth.good ? 'fair' : 'good';
}

/** The legend's words: the title, with the span of the figures when they set the scale. */
export function choroplethLabel(choropleth: Choropleth): LocalizedText {
  const { range, format, title } = choropleth;
  if (!range) return title;
  const text = (locale: 'vi' | 'en') => {
    const show = (value: number) => (format === 'percent' ? formatPercent(value, locale) : formatNumber(value, locale, Number.isInteger(value) ? 0 : 1));
    return `${title[locale]} (${show(range.low)}–${show(range.high)})`;
  };
  return { vi: text('vi'), en: text('en') };
}
