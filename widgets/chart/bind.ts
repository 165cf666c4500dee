/** From topic data to chart series. Pure, so it is tested without a DOM or a canvas. */
import type { TopicName } from '../../server/protocol/topics';
import type { Locale, TopicData } from '../widget';
import type { ChartOptions } from './options';

export interface ChartSeries {
  name: { vi: string; en: string };
  values: number[];
}

export interface ChartInput {
  /** Labels of the x axis (or of the pie slices). */
  labels: Array<{ vi: string; en: string }>;
  series: ChartSeries[];
}

export function chartTopics(options: ChartOptions): TopicName[] {
  switch (options.data) {
    case 'reports-daily':
      return ['reports.daily'];
    case 'kpi-history':
      return ['kpi.values'];
    default:
      return ['reports.summary'];
  }
}

const same = (text: string) => ({ vi: text, en: text });

function topWithOther(entries: Array<{ label: { vi: string; en: string }; value: number }>, top: number) {
  const sorted = [...entries].sort((a, b) => b.value - a.value);
  const head = sorted.slice(0, top);
  const rest = sorted.slice(top).reduce((sum, entry) => sum + entry.value, 0);
  if (rest > 0) head.push({ label: { vi: 'Khác', en: 'Other' }, value: rest });
  return head;
}

export function bindChart(data: TopicData, options: ChartOptions): ChartInput | null {
  switch (options.data) {
    case 'reports-daily': {
      const daily = data['reports.daily'];
      if (!daily) return null;
      return {
        labels: daily.days.map((day) => same(`${day.date.slice(8, 10)}/${day.date.slice(5, 7)}`)),
        series: [
          { name: { vi: 'Tiếp nhận', en: 'Received' }, values: daily.days.map((day) => day.received) },
          { name: { vi: 'Đã xử lý', en: 'Resolved' }, values: daily.days.map((day) => day.resolved) },
        ],
      };
    }
    case 'reports-by-category': {
      const summary = data['reports.summary'];
      if (!summary) return null;
      const entries = topWithOther(summary.byCategory.map((c) => ({ label: c.name, value: c.count })), options.top);
      return { labels: entries.map((e) => e.label), series: [{ name: { vi: 'Phản ánh', en: 'Reports' }, values: entries.map((e) => e.value) }] };
    }
    case 'reports-by-ward': {
      const summary = data['reports.summary'];
      if (!summary) return null;
      const wards = [...summary.byWard].sort((a, b) => b.received - a.received).slice(0, options.top);
      return {
        labels: wards.map((ward) => same(ward.name.replace(/^(Phường|Xã) /, ''))),
        series: [
          { name: { vi: 'Tiếp nhận', en: 'Received' }, values: wards.map((ward) => ward.received) },
          { name: { vi: 'Quá hạn', en: 'Overdue' }, values: wards.map((ward) => ward.overdue) },
        ],
      };
    }
    case 'kpi-history': {
      const kpi = data['kpi.values']?.find((item) => item.id === options.code);
      if (!kpi) return null;
      return {
        labels: kpi.history.map((_, index) => same(String(index - kpi.history.length + 1))),
        series: [{ name: kpi.name, values: kpi.history }],
      };
    }
  }
}

export function label(text: { vi: string; en: string }, locale: Locale): string {
  return text[locale];
}
