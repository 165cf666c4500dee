/** From topic data to chart series. Pure, so it is tested without a DOM or a canvas. */
import type { Breakdown, LocalizedText, TopicName } from '../../server/protocol/topics';
import type { FieldRead, TopicData, WidgetHost } from '../widget';
import { formatPeriod, formatSeriesKey } from '../../server/protocol/format/format';
import { asTopic, isBreakdown, isSeries, lineValues, NOTHING_YET, readShape, usableLines, usableRows } from '../shapes';
import type { ChartOptions } from './options';

export interface ChartSeries {
  name: LocalizedText;
  /** The line's key in the data (`negative`), which picks its colour: the same in every widget. */
  key?: string;
  /** One per label; null is a gap (no data), never a zero. */
  values: Array<number | null>;
}

export interface ChartInput {
  /** Labels of the x axis (or of the pie slices). */
  labels: LocalizedText[];
  /** For a breakdown, each label's row key (`other` for the rest), which picks a slice's colour. */
  keys?: string[];
  series: ChartSeries[];
  /** `percent`: values are shares 0..1, shown as percentages. */
  format: 'number' | 'percent';
  /** What the values count, shown on the value axis; null when the title says it. */
  unit: LocalizedText | null;
  /** Why there is nothing to draw (empty data, a wrong field), in words. */
  notice: LocalizedText | null;
  /**
   * The label whose period is still running (today, this month), drawn as incomplete ("so far")
   * rather than as a collapse; null when every period shown has ended. Known from the period and
   * the city's clock, never guessed from the value.
   */
  running: number | null;
}

/** The index of `key` among `keys` when it is the running period (`now`, a key of the same kind), else null. */
function runningIndex(keys: readonly string[], now: string | undefined): number | null {
  if (now === undefined) return null;
  const index = keys.lastIndexOf(now);
  return index < 0 ? null : index;
}

/** The city's current key of a kind, from the host's hour (`2026-12-04T08`). */
function nowKey(host: WidgetHost | undefined, kind: 'day' | 'month' | 'hour'): string | undefined {
  const hour = host?.cityHour;
  if (hour === undefined) return undefined;
  return kind === 'hour' ? hour : kind === 'day' ? hour.slice(0, 10) : hour.slice(0, 7);
}

export function chartTopics(options: ChartOptions): TopicName[] {
  switch (options.data) {
    case 'reports-daily':
      return ['reports.daily'];
    case 'kpi-history':
      return ['kpi.values'];
    case 'series':
    case 'breakdown':
      return options.topic ? [asTopic(options.topic)] : [];
    default:
      return ['reports.summary'];
  }
}

/** `series` and `breakdown` read a shape at `topic` + `field`; the other kinds read fixed topics whole. */
export function chartReads(options: ChartOptions): FieldRead[] {
  if ((options.data !== 'series' && options.data !== 'breakdown') || !options.topic) return [];
  return [
    {
      topic: options.topic,
      field: options.field,
      shape: options.data,
      option: options.field === undefined ? '/topic' : '/field',
    },
  ];
}

const same = (text: string) => ({ vi: text, en: text });
const OTHER: LocalizedText = { vi: 'Khác', en: 'Other' };
const SERIES: LocalizedText = { vi: 'một chuỗi số liệu (Series)', en: 'a Series' };
const BREAKDOWN: LocalizedText = { vi: 'một bảng phân tổ (Breakdown)', en: 'a Breakdown' };

function topWithOther(entries: Array<{ label: LocalizedText; value: number }>, top: number) {
  const sorted = [...entries].sort((a, b) => b.value - a.value);
  const head = sorted.slice(0, top);
  const rest = sorted.slice(top).reduce((sum, entry) => sum + entry.value, 0);
  if (rest > 0) head.push({ label: OTHER, value: rest });
  return head;
}

function counts(labels: LocalizedText[], series: ChartSeries[]): ChartInput {
  return { labels, series, format: 'number', unit: null, notice: null, running: null };
}

function nothing(notice: LocalizedText): ChartInput {
  return { labels: [], series: [], format: 'number', unit: null, notice, running: null };
}

/**
 * The `top` largest rows, and the rest summed as "Other" when a sum means something: counts, or
 * shares of one whole. Rates (on-time rate per ward) do not add up, so the rest is left out.
 */
function breakdownSlices(
  breakdown: Breakdown,
  top: number,
): Array<{ key: string; label: LocalizedText; value: number }> {
  const rows = usableRows(breakdown).sort((a, b) => b.value - a.value || a.label.vi.localeCompare(b.label.vi, 'vi'));
  const head = rows.slice(0, top).map((row) => ({ key: row.key, label: row.label, value: row.value }));
  const rest = rows.slice(top);
  const sum = (list: typeof rows) => list.reduce((total, row) => total + row.value, 0);
  const additive = breakdown.format === 'number' || sum(rows) <= 1 + 1e-9;
  if (rest.length > 0 && additive && sum(rest) !== 0) head.push({ key: 'other', label: OTHER, value: sum(rest) });
  return head;
}

function bindSeries(data: TopicData, options: ChartOptions, host?: WidgetHost): ChartInput | null {
  const read = readShape(data, options.topic, options.field, isSeries, SERIES);
  if (read === null) return null;
  if (read.notice) return nothing(read.notice);
  const { x, xKind, format, unit } = read.value;
  const usable = usableLines(read.value);
  if (x.length === 0 || usable.length === 0) return nothing(NOTHING_YET);
  return {
    labels: x.map((key) => same(typeof key === 'string' ? formatSeriesKey(key, xKind) : String(key))),
    series: usable.map((line) => ({ name: line.label, key: line.key, values: lineValues(line, x.length) })),
    format,
    unit,
    notice: null,
    running: runningIndex(
      x.map((key) => String(key)),
      nowKey(host, xKind),
    ),
  };
}

function bindBreakdown(data: TopicData, options: ChartOptions): ChartInput | null {
  const read = readShape(data, options.topic, options.field, isBreakdown, BREAKDOWN);
  if (read === null) return null;
  if (read.notice) return nothing(read.notice);
  const slices = breakdownSlices(read.value, options.top);
  if (slices.length === 0) return nothing(NOTHING_YET);
  return {
    labels: slices.map((slice) => slice.label),
    keys: slices.map((slice) => slice.key),
    series: [{ name: read.value.unit, values: slices.map((slice) => slice.value) }],
    format: read.value.format,
    unit: read.value.unit,
    notice: null,
    running: null,
  };
}

export function bindChart(data: TopicData, options: ChartOptions, host?: WidgetHost): ChartInput | null {
  switch (options.data) {
    case 'series':
      return bindSeries(data, options, host);
    case 'breakdown':
      return bindBreakdown(data, options);
    case 'reports-daily': {
      const daily = data['reports.daily'];
      if (!daily) return null;
      return {
        ...counts(
          daily.days.map((day) => same(formatSeriesKey(day.date, 'day'))),
          [
            { name: { vi: 'Tiếp nhận', en: 'Received' }, values: daily.days.map((day) => day.received) },
            { name: { vi: 'Đã xử lý', en: 'Resolved' }, values: daily.days.map((day) => day.resolved) },
          ],
        ),
        running: runningIndex(
          daily.days.map((day) => day.date),
          nowKey(host, 'day'),
        ),
      };
    }
    case 'reports-by-category': {
      const summary = data['reports.summary'];
      if (!summary) return null;
      const entries = topWithOther(
        summary.byCategory.map((c) => ({ label: c.name, value: c.count })),
        options.top,
      );
      return counts(
        entries.map((e) => e.label),
        [{ name: { vi: 'Phản ánh', en: 'Reports' }, values: entries.map((e) => e.value) }],
      );
    }
    case 'reports-by-ward': {
      const summary = data['reports.summary'];
      if (!summary) return null;
      const wards = [...summary.byWard].sort((a, b) => b.received - a.received).slice(0, options.top);
      return counts(
        wards.map((ward) => same(ward.name.replace(/^(Phường|Xã) /, ''))),
        [
          { name: { vi: 'Tiếp nhận', en: 'Received' }, values: wards.map((ward) => ward.received) },
          { name: { vi: 'Quá hạn', en: 'Overdue' }, values: wards.map((ward) => ward.overdue) },
        ],
      );
    }
    case 'kpi-history': {
      const kpi = data['kpi.values']?.find((item) => item.id === options.code);
      if (!kpi) return null;
      // Each point named by its period ("T1/2026"): a year-to-date figure falls back every January.
      const labels = kpi.history.map((_, index) => {
        const period = kpi.historyPeriods?.[index];
        return period
          ? { vi: formatPeriod(period, 'vi'), en: formatPeriod(period, 'en') }
          : same(String(index - kpi.history.length + 1));
      });
      // The server knows from the period and the city's calendar whether the latest one has ended.
      return {
        ...counts(labels, [{ name: kpi.name, values: kpi.history }]),
        running: kpi.running && kpi.history.length > 0 ? kpi.history.length - 1 : null,
      };
    }
  }
}
