/** From topic data to table rows: plain strings, so the component only lays them out. */
import type { ListItem, LocalizedText, TopicName, Tone as ItemTone } from '../../server/protocol/topics';
import type { DetailTarget, FieldRead, Locale, TopicData } from '../widget';
import { formatNumber, formatPercent, formatTime, formatDate } from '../../server/protocol/format/format';
import { asTopic, isListItem, readShape } from '../shapes';
import { meaningOfReport, meaningOfThresholds, ON_TIME_TARGETS, type Meaning } from '../meaning';

const TONE_OF: Readonly<Record<Meaning, Tone>> = { alarm: 'bad', warn: 'warn', met: 'good', neutral: null };
import type { TableOptions } from './options';

export type Tone = 'good' | 'bad' | 'warn' | null;

/** A row's bar in the palette of meanings: overdue is a deadline missed (alarm), new is waiting (warn). */
export function rowMeaning(tone: Tone): Meaning {
  return tone === 'bad' ? 'alarm' : tone === 'warn' ? 'warn' : tone === 'good' ? 'met' : 'neutral';
}

export interface TableRow {
  id: string;
  /** Plain strings, shown as text. `now` decides whether a time needs its day (default: the clock). */
  cells: (locale: Locale, timeZone: string, now?: number) => string[];
  /** A bar at the row's start. */
  tone: Tone;
  /** A dot before the wide column's text (the tone of a `ListItem`). */
  dot?: ItemTone;
  /** On `/view`: what the row opens in the detail panel (a ward or department of the citizen reports). */
  target?: DetailTarget;
}

export interface TableInput {
  columns: LocalizedText[];
  /** The column that takes the spare width and is cut with "…" when too long. */
  wide: number;
  rows: TableRow[];
  /** Why there are no rows, when it is not simply "nothing yet" (a wrong topic), in words. */
  notice?: LocalizedText;
}

const REPORT_STATUS: Record<string, LocalizedText> = {
  new: { vi: 'Mới', en: 'New' },
  approved: { vi: 'Đã duyệt', en: 'Approved' },
  assigned: { vi: 'Đã giao', en: 'Assigned' },
  in_progress: { vi: 'Đang xử lý', en: 'In progress' },
  resolved: { vi: 'Đã xử lý', en: 'Resolved' },
  rated: { vi: 'Đã đánh giá', en: 'Rated' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
  rejected: { vi: 'Từ chối', en: 'Rejected' },
  duplicate: { vi: 'Trùng', en: 'Duplicate' },
  not_responsible: { vi: 'Không thuộc TQ', en: 'Not ours' },
};

export function tableTopics(options: TableOptions): TopicName[] {
  switch (options.data) {
    case 'reports-recent':
      return ['reports.recent'];
    case 'reports-public':
      return ['reports.public-recent'];
    case 'list':
      return options.topic ? [asTopic(options.topic)] : [];
    default:
      return ['reports.summary'];
  }
}

/** `list` reads a whole topic as a `ListItem[]`; the other kinds read fixed topics. */
export function tableReads(options: TableOptions): FieldRead[] {
  return options.data === 'list' && options.topic ? [{ topic: options.topic, shape: 'list', option: '/topic' }] : [];
}

const shortWard = (name: string) => name.replace(/^(Phường|Xã) /, '');

const LIST: LocalizedText = { vi: 'một danh sách (ListItem[])', en: 'a list (ListItem[])' };

/** "14:05" today in the city; "27/11 14:05" for an older line, so that yesterday never reads as today. */
export function formatItemTime(ms: number, locale: Locale, timeZone: string, now: number): string {
  const time = formatTime(ms, locale, timeZone);
  const day = formatDate(ms, locale, timeZone);
  return day === formatDate(now, locale, timeZone) ? time : `${day.slice(0, 5)} ${time}`;
}

/** Newest first, each id once: the collection's order is not trusted, since any domain may feed it. */
function newestItems(items: readonly ListItem[], count: number): ListItem[] {
  const seen = new Set<string>();
  return [...items]
    .sort((a, b) => b.time - a.time)
    .filter((item) => !seen.has(item.id) && Boolean(seen.add(item.id)))
    .slice(0, count);
}

function bindList(data: TopicData, options: TableOptions): TableInput | null {
  const read = readShape(data, options.topic, undefined, (value): value is unknown[] => Array.isArray(value), LIST);
  if (read === null) return null;
  // A line that cannot be shown is skipped, not allowed to blank the others.
  const items = read.value ? newestItems(read.value.filter(isListItem), options.rows) : [];
  const withMeta = items.some((item) => item.meta);
  const columns: LocalizedText[] = [
    { vi: 'Thời gian', en: 'Time' },
    { vi: 'Nội dung', en: 'Item' },
  ];
  if (withMeta) columns.push({ vi: 'Nguồn', en: 'From' });
  return {
    columns,
    wide: 1,
    rows: items.map((item) => ({
      id: item.id,
      tone: null,
      ...(item.tone ? { dot: item.tone } : {}),
      cells: (locale, timeZone, now = Date.now()) => {
        const cells = [formatItemTime(item.time, locale, timeZone, now), item.title];
        if (withMeta) cells.push(item.meta?.[locale] ?? '');
        return cells;
      },
    })),
    ...(read.notice ? { notice: read.notice } : {}),
  };
}

export function bindTable(data: TopicData, options: TableOptions): TableInput | null {
  switch (options.data) {
    case 'list':
      return bindList(data, options);
    case 'reports-recent': {
      const items = data['reports.recent'];
      if (!items) return null;
      return {
        columns: [
          { vi: 'Giờ', en: 'Time' },
          { vi: 'Phản ánh', en: 'Report' },
          { vi: 'Phường, xã', en: 'Ward' },
          { vi: 'Trạng thái', en: 'Status' },
        ],
        wide: 1,
        rows: items.slice(0, options.rows).map((item) => ({
          id: item.id,
          tone: TONE_OF[meaningOfReport(item)],
          cells: (locale, timeZone) => [
            formatTime(item.createdAt, locale, timeZone),
            item.title,
            shortWard(item.wardName),
            REPORT_STATUS[item.status]![locale],
          ],
        })),
      };
    }
    case 'reports-public': {
      const items = data['reports.public-recent'];
      if (!items) return null;
      return {
        columns: [
          { vi: 'Ngày', en: 'Date' },
          { vi: 'Phản ánh', en: 'Report' },
          { vi: 'Phường, xã', en: 'Ward' },
          { vi: 'Trạng thái', en: 'Status' },
        ],
        wide: 1,
        rows: items.slice(0, options.rows).map((item) => ({
          id: item.id,
          tone: null,
          cells: (locale, timeZone) => [
            formatDate(Date.parse(`${item.date}T12:00:00Z`), locale, timeZone),
            item.title,
            shortWard(item.wardName),
            REPORT_STATUS[item.status]![locale],
          ],
        })),
      };
    }
    case 'overdue-by-department': {
      const summary = data['reports.summary'];
      if (!summary) return null;
      return {
        columns: [
          { vi: 'Đơn vị xử lý', en: 'Department' },
          { vi: 'Quá hạn', en: 'Overdue' },
          { vi: 'Đang xử lý', en: 'Open' },
          { vi: 'Đúng hạn', en: 'On time' },
        ],
        wide: 0,
        rows: summary.byDepartment.slice(0, options.rows).map((d) => ({
          id: d.department,
          tone: d.overdue > 0 ? 'bad' : null,
          // Rows are keyed by the department's name; the detail API knows departments by it too.
          target: { topic: 'reports.summary', field: 'overdue', department: d.department, label: d.name },
          cells: (locale) => [
            d.name[locale],
            formatNumber(d.overdue, locale),
            formatNumber(d.open, locale),
            formatPercent(d.onTimeRate, locale),
          ],
        })),
      };
    }
    case 'wards-ranking': {
      const summary = data['reports.summary'];
      if (!summary) return null;
      const ranked = [...(options.by === 'historical' ? summary.byWardHistorical : summary.byWard)].sort(
        (a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1),
      );
      return {
        columns: [
          { vi: '#', en: '#' },
          { vi: 'Phường, xã', en: 'Ward' },
          { vi: 'Đúng hạn', en: 'On time' },
          { vi: 'Quá hạn', en: 'Overdue' },
        ],
        wide: 1,
        rows: ranked.slice(0, options.rows).map((ward, index) => ({
          id: ward.ward,
          // Today's wards open their detail; a ward of before July 2025 is no unit the panel can open.
          ...(options.by === 'historical'
            ? {}
            : {
                target: {
                  topic: 'reports.summary',
                  field: 'onTimeRate',
                  unit: ward.ward,
                  label: { vi: ward.name, en: ward.name },
                },
              }),
          // The city's targets, as the map colours the same wards.
          tone: TONE_OF[meaningOfThresholds(ward.onTimeRate, { ...ON_TIME_TARGETS, higherIsBetter: true })],
          cells: (locale) => [
            String(index + 1),
            shortWard(ward.name),
            formatPercent(ward.onTimeRate, locale),
            formatNumber(ward.overdue, locale),
          ],
        })),
      };
    }
  }
}
