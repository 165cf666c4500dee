/**
 * The detail of one row of a ranking: the Breakdown at `topic` + `field` (an agency, a school, a
 * ward) as the topic publishes it now. A topic keeps only its present state, so there is no
 * history nor earlier period to compare with, and the panel says so instead of drawing nothing;
 * the whole ranking is the breakdown. A Breakdown holds figures, never items behind them.
 */
import type { Breakdown, LocalizedText } from '../protocol/topics';
import type { CompareBasis, DetailAnswer } from '../protocol/detail';
import { compareLabel } from './compare';

export interface BreakdownDetailInput {
  breakdown: Breakdown;
  field: string;
  row: string;
  /** The topic's title: what the figures are of. */
  title: LocalizedText;
  /** Today in the city: the figures are as published now. */
  period: string;
  compare: CompareBasis;
  internal: boolean;
  topic: string;
}

const RANKING_TITLE: LocalizedText = { vi: 'Cả bảng xếp hạng (hiện tại)', en: 'The whole ranking (now)' };
const ONLY_NOW: LocalizedText = {
  vi: 'Bảng xếp hạng chỉ giữ số liệu hiện tại, chưa lưu diễn biến',
  en: 'The ranking keeps only the present figures, no history',
};

export function breakdownDetail(
  input: BreakdownDetailInput,
): Omit<DetailAnswer, 'topic' | 'audience'> | { unknownRow: true } {
  const { breakdown } = input;
  const row = breakdown.rows.find((candidate) => candidate.key === input.row);
  if (!row) return { unknownRow: true };
  const percent = breakdown.format === 'percent';
  const ordered = [...breakdown.rows].sort((a, b) =>
    breakdown.higherIsBetter ? b.value - a.value : a.value - b.value,
  );
  return {
    field: input.field,
    unit: null,
    department: null,
    title: input.title,
    scope: row.label,
    measure: percent ? null : breakdown.unit,
    format: percent ? 'percent' : 'number',
    digits: percent || !Number.isInteger(row.value) ? 1 : 0,
    higherIsBetter: breakdown.higherIsBetter,
    period: input.period,
    running: true,
    value: row.value,
    history: [],
    historyMissing: ONLY_NOW,
    plan: null,
    compare: {
      basis: input.compare,
      label: compareLabel(input.compare),
      period: null,
      value: null,
      change: null,
      changeInPoints: percent,
      crosswalk: null,
      missing:
        input.compare === 'plan'
          ? { vi: 'Chỉ tiêu này không có kế hoạch', en: 'This indicator has no plan' }
          : {
              vi: 'Không có số liệu kỳ so sánh (chỉ có hiện tại)',
              en: 'No figure for the compared period (only the present is kept)',
            },
    },
    breakdowns: [
      {
        by: 'ranking',
        title: RANKING_TITLE,
        rows: ordered.map((candidate) => ({
          key: candidate.key,
          row: candidate.key,
          name: candidate.label,
          value: candidate.value,
        })),
      },
    ],
    // A Breakdown counts; it holds no items to list (an empty list for a leader, nothing for the public).
    items: input.internal ? [] : null,
    itemsTotal: input.internal ? 0 : null,
    source: { vi: `Chủ đề ${input.topic} (hiện tại)`, en: `Topic ${input.topic} (now)` },
    exception: null,
  };
}
