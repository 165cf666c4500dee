/**
 * What a widget shows, as a table: the same `bind` the screen runs (the widget's manifest, its
 * topic + field as the dashboard's options name them), turned into columns and rows that a
 * spreadsheet, a CSV file or the briefing pack can hold. One function per widget type that shows
 * figures; a widget that shows no figures (a clock, a QR code, a text) has no table.
 */
import { Value } from 'typebox/value';
import type { WidgetPlacement } from '../../config/schema/dashboard';
import type { LocalizedText } from '../protocol/topics';
import type { TopicData, WidgetHost, WidgetManifest } from '../../widgets/widget';
import type { KpiTileInput } from '../../widgets/kpi-tile/bind';
import type { ChartInput } from '../../widgets/chart/bind';
import type { RankingInput } from '../../widgets/ranking/bind';
import type { TableInput } from '../../widgets/table/bind';
import type { GaugeInput } from '../../widgets/gauge/bind';
import type { TickerInput } from '../../widgets/ticker/bind';
import type { MapInput } from '../../widgets/map/bind';
import type { TemplateStatus } from '../../widgets/submission-status/bind';
import { formatPeriod } from '../protocol/format/format';

/** How a column's cells are written: numbers stay numbers in a spreadsheet. */
export type ColumnKind = 'text' | 'number' | 'percent';

export interface ExportColumn {
  label: LocalizedText;
  kind: ColumnKind;
}

/** A cell: a number, plain text, or a label in both languages (written as two columns). */
export type ExportCell = number | string | LocalizedText | null;

export interface ExportTable {
  /** The placement's id (the file's name). */
  id: string;
  title: LocalizedText;
  columns: ExportColumn[];
  rows: ExportCell[][];
  /** What the figures count, when one unit holds for the table. */
  unit: LocalizedText | null;
  /** The topics the table comes from (the source), as the widget's manifest reads them. */
  topics: string[];
  /** The row whose period is still running (today, this month), as the chart marks it; none when all have ended. */
  running?: number | null;
}

export interface WardName {
  code: string;
  name: LocalizedText;
}

export interface TableContext {
  host: WidgetHost;
  /** Today's wards, for a map's table (by ward). */
  wards: readonly WardName[];
  /** A table row's cells are formatted in this time zone (times in a list). */
  timeZone: string;
  now: number;
}

const col = (vi: string, en: string, kind: ColumnKind = 'text'): ExportColumn => ({ label: { vi, en }, kind });
const LABEL = col('Nhãn', 'Label');

export function isLocalized(cell: ExportCell): cell is LocalizedText {
  return cell !== null && typeof cell === 'object';
}

type Tabulate = (
  input: never,
  placement: WidgetPlacement,
  context: TableContext,
) => Omit<ExportTable, 'id' | 'title' | 'topics'>;

function kpiTile(input: KpiTileInput, placement: WidgetPlacement): Omit<ExportTable, 'id' | 'title' | 'topics'> {
  const plan = input.plan ? input.plan.ratio : null;
  // A rate (`format: percent`) is a share 0..1 on the screen: a percent cell here, not 0,7.
  const valueKind: ColumnKind = (placement.options ?? {})['format'] === 'percent' ? 'percent' : 'number';
  return {
    columns: [
      col('Chỉ số', 'Indicator'),
      col('Giá trị', 'Value', valueKind),
      col('Đơn vị', 'Unit'),
      col('Kỳ', 'Period'),
      col('Kế hoạch', 'Plan', 'number'),
      col('So với kế hoạch', 'Of plan', 'percent'),
      col('Cùng kỳ năm trước', 'Same period last year', 'number'),
    ],
    rows: [
      [
        input.name ?? placement.title ?? null,
        input.value,
        input.unit,
        input.period ? { vi: formatPeriod(input.period, 'vi'), en: formatPeriod(input.period, 'en') } : null,
        input.target,
        plan,
        input.previous,
      ],
    ],
    unit: input.unit,
  };
}

function chart(input: ChartInput): Omit<ExportTable, 'id' | 'title' | 'topics'> {
  const kind: ColumnKind = input.format === 'percent' ? 'percent' : 'number';
  return {
    columns: [LABEL, ...input.series.map((series) => ({ label: series.name, kind }))],
    rows: input.labels.map((label, index) => [label, ...input.series.map((series) => series.values[index] ?? null)]),
    unit: input.unit,
    running: input.running,
  };
}

function ranking(input: RankingInput): Omit<ExportTable, 'id' | 'title' | 'topics'> {
  return {
    columns: [
      col('Hạng', 'Rank', 'number'),
      LABEL,
      col('Giá trị', 'Value', input.format === 'percent' ? 'percent' : 'number'),
    ],
    rows: input.rows.map((row) => [row.rank, row.label, row.value]),
    unit: input.unit,
  };
}

function table(
  input: TableInput,
  _placement: WidgetPlacement,
  context: TableContext,
): Omit<ExportTable, 'id' | 'title' | 'topics'> {
  return {
    columns: input.columns.map((label) => ({ label, kind: 'text' as const })),
    rows: input.rows.map((row) => {
      const vi = row.cells('vi', context.timeZone, context.now);
      const en = row.cells('en', context.timeZone, context.now);
      return vi.map((text, index) =>
        en[index] === undefined || en[index] === text ? text : { vi: text, en: en[index]! },
      );
    }),
    unit: null,
  };
}

function gauge(input: GaugeInput): Omit<ExportTable, 'id' | 'title' | 'topics'> {
  return {
    columns: [
      col('Giá trị', 'Value', 'number'),
      col('Kế hoạch', 'Plan', 'number'),
      col('So với kế hoạch', 'Of plan', 'percent'),
      col('Đơn vị', 'Unit'),
    ],
    rows: [[input.value, input.plan, input.ratio, input.unit]],
    unit: input.unit,
  };
}

function ticker(input: TickerInput): Omit<ExportTable, 'id' | 'title' | 'topics'> {
  const items = input.emergency
    ? [input.emergency, ...input.items.filter((item) => item.id !== input.emergency!.id)]
    : input.items;
  return {
    columns: [col('Thông báo', 'Announcement'), col('Mức', 'Priority')],
    rows: items.map((item) => [item.text, item.priority]),
    unit: null,
  };
}

/** The map as a table of wards: its choropleth figure (if drawn) and what its layers put there. */
function map(
  input: MapInput,
  _placement: WidgetPlacement,
  context: TableContext,
): Omit<ExportTable, 'id' | 'title' | 'topics'> {
  const count = <T extends { ward: string }>(items: readonly T[], code: string) =>
    items.filter((item) => item.ward === code).length;
  const choropleth = input.choropleth;
  return {
    columns: [
      col('Mã', 'Code'),
      col('Phường, xã', 'Ward'),
      ...(choropleth
        ? [{ label: choropleth.title, kind: (choropleth.format === 'percent' ? 'percent' : 'number') as ColumnKind }]
        : []),
      col('Phản ánh trên bản đồ', 'Reports on the map', 'number'),
      col('Sự cố giao thông', 'Traffic incidents', 'number'),
    ],
    rows: context.wards.map((ward) => [
      ward.code,
      ward.name,
      ...(choropleth ? [choropleth.values[ward.code] ?? null] : []),
      count(input.reports, ward.code),
      count(input.incidents, ward.code),
    ]),
    unit: null,
  };
}

function submissionStatus(input: { templates: TemplateStatus[] }): Omit<ExportTable, 'id' | 'title' | 'topics'> {
  return {
    columns: [
      col('Biểu mẫu', 'Template'),
      col('Kỳ', 'Period'),
      col('Đơn vị', 'Unit'),
      col('Trạng thái', 'State'),
      col('Số ngày trễ', 'Days late', 'number'),
    ],
    rows: input.templates.flatMap((template) =>
      template.rows.map((row) => [template.title, template.period, row.unitName, row.state, row.daysLate]),
    ),
    unit: null,
  };
}

const TABULATORS: Record<string, Tabulate> = {
  'kpi-tile': kpiTile as Tabulate,
  chart: chart as Tabulate,
  ranking: ranking as Tabulate,
  table: table as Tabulate,
  gauge: gauge as Tabulate,
  ticker: ticker as Tabulate,
  map: map as Tabulate,
  'submission-status': submissionStatus as Tabulate,
};

/** Whether this widget type shows figures that can be exported. */
export function hasTable(type: string): boolean {
  return Object.hasOwn(TABULATORS, type);
}

/**
 * The table of one placement, from the topics' data; null when the widget shows no figures or has
 * nothing yet (the screen says "waiting for data" then).
 */
export function widgetTable(
  placement: WidgetPlacement,
  manifest: WidgetManifest,
  data: TopicData,
  context: TableContext,
): ExportTable | null {
  const tabulate = TABULATORS[placement.type];
  if (!tabulate) return null;
  const options = Value.Default(manifest.options, structuredClone(placement.options ?? {}));
  const input = manifest.bind(data, options as never, context.host);
  if (input === null) return null;
  const tabled = tabulate(input as never, placement, context);
  return {
    id: placement.id,
    title: placement.title ?? manifest.title,
    topics: manifest.topics(options as never),
    ...tabled,
  };
}
