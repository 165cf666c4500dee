/**
 * "Cần chú ý ngay / Needs attention" for the briefing pack, read from the `exceptions.now` topic
 * when the system has it. The topic is another part's contract (alarm, warn or anomaly; the figure,
 * what it was compared with, since when), so it is read through its own small guard here: an
 * item that does not fit is left out, and no topic at all leaves the section out of the pack.
 */
import Type from 'typebox';
import { Value } from 'typebox/value';
import type { LocalizedText } from '../protocol/topics';
import { formatClock, formatDate, formatNumber, formatPercent } from '../protocol/format/format';

const EXCEPTIONS_TOPIC = 'exceptions.now';

export interface AttentionItem {
  severity: 'alarm' | 'warn' | 'info';
  title: LocalizedText;
  /** Short lines: the figure against its reference, since when. */
  details: string[];
}

const Text = Type.Object({ vi: Type.String(), en: Type.String() });
const Item = Type.Object({
  severity: Type.String(),
  basis: Type.Optional(Type.String()),
  label: Text,
  unit: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  value: Type.Number(),
  reference: Type.Number(),
  ratio: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  since: Type.Number(),
});
const List = Type.Object({ items: Type.Array(Type.Unknown()) });

const SEVERITY: Record<string, AttentionItem['severity']> = { alarm: 'alarm', warn: 'warn' };
const SEVERITY_WORDS: Record<AttentionItem['severity'], string> = {
  alarm: 'Báo động / Alarm',
  warn: 'Cảnh báo / Warning',
  info: 'Bất thường / Anomaly',
};
const BASIS_WORDS: Record<string, string> = {
  plan: 'kế hoạch / plan',
  baseline: 'mức thường lệ / usual level',
  absolute: 'ngưỡng / limit',
  silence: 'giới hạn im lặng (phút) / silence limit (min)',
};

/** The exceptions, in the topic's order (ranked by severity, then age); null when there is no such topic. */
export function attentionOf(data: Readonly<Record<string, unknown>>, timeZone: string): AttentionItem[] | null {
  if (!Object.hasOwn(data, EXCEPTIONS_TOPIC)) return null;
  const list = data[EXCEPTIONS_TOPIC];
  if (!Value.Check(List, list)) return null;
  return list.items.flatMap((raw): AttentionItem[] => {
    if (!Value.Check(Item, raw)) return [];
    const severity = SEVERITY[raw.severity] ?? 'info';
    const asShare = raw.basis === 'plan';
    const figure = (value: number) =>
      asShare ? formatPercent(value, 'vi', 0) : formatNumber(value, 'vi', Number.isInteger(value) ? 0 : 1);
    const against = BASIS_WORDS[raw.basis ?? ''] ?? 'mức so sánh / reference';
    const where = raw.unit ? `${raw.unit} · ` : '';
    return [
      {
        severity,
        title: { vi: `${where}${raw.label.vi}`, en: raw.label.en },
        details: [
          SEVERITY_WORDS[severity],
          `${figure(raw.value)} so với ${against}: ${figure(raw.reference)}${raw.ratio != null ? ` (${formatPercent(raw.ratio, 'vi', 0)})` : ''}`,
          `từ / since ${formatClock(raw.since, 'vi', timeZone)} ${formatDate(raw.since, 'vi', timeZone)}`,
        ],
      },
    ];
  });
}
