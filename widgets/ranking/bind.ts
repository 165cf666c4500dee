/** From a Breakdown to the ranked rows a ranking draws. Pure, so it is tested without a DOM. */
import type { Breakdown, BreakdownRow, LocalizedText, Tone } from '../../server/protocol/topics';
import type { DetailTarget, TopicData } from '../widget';
import { formatNumber, formatPercent } from '../../server/protocol/format/format';
import { isBreakdown, NOTHING_YET, readShape, usableRows } from '../shapes';
import type { RankingOptions } from './options';
import { meaningOfThresholds, type Meaning } from '../meaning';

export interface RankingRow {
  key: string;
  /** Place in the whole breakdown, best first; equal values share a place (1, 2, 2, 4). */
  rank: number;
  /** The name as shown: without the words that do not tell the rows apart ("UBND phường"). */
  label: LocalizedText;
  /** The whole name: the row's accessible name and tooltip. */
  fullLabel: LocalizedText;
  value: number;
  valueText: LocalizedText;
  /** The figure behind the value with its unit, e.g. "124 hồ sơ". */
  detailText: LocalizedText | null;
  /** Length of the bar, 0..1. */
  share: number;
  /** `good` at the best end of the whole breakdown, `bad` at the worst, else `neutral`. */
  tone: Tone;
  /** The value against the dashboard's thresholds, as a tile or the map judges it; neutral without. */
  meaning: Meaning;
  /** What the detail panel opens on `/view`: this row of the Breakdown; null when it has no field to name. */
  target: DetailTarget | null;
}

export interface RankingInput {
  /** In display order, at most `rows`; the component drops those that do not fit its height. */
  rows: RankingRow[];
  /** How many rows the breakdown has in all. */
  total: number;
  format: Breakdown['format'];
  unit: LocalizedText;
  /** Why there is nothing to rank (empty breakdown, wrong field), in words. */
  notice: LocalizedText | null;
}

const BREAKDOWN: LocalizedText = { vi: 'một bảng phân tổ (Breakdown)', en: 'a Breakdown' };

/** The share of each end of the ranking that is coloured as good or bad. */
const END_SHARE = 0.25;

const both = (format: (locale: 'vi' | 'en') => string): LocalizedText => ({ vi: format('vi'), en: format('en') });

export function bindRanking(data: TopicData, options: RankingOptions): RankingInput | null {
  const read = readShape(data, options.topic, options.field, isBreakdown, BREAKDOWN);
  if (read === null) return null;
  if (read.notice) return { rows: [], total: 0, format: 'number', unit: { vi: '', en: '' }, notice: read.notice };
  const breakdown = read.value;
  const ranked = rankRows(usableRows(breakdown), breakdown.higherIsBetter);
  const input: RankingInput = {
    rows: [],
    total: ranked.length,
    format: breakdown.format,
    unit: breakdown.unit,
    notice: ranked.length ? null : NOTHING_YET,
  };
  if (ranked.length === 0) return input;

  // A "worst" list counts from its own end: a viewer reads "1" as the ward to act on first.
  const shown = options.order === 'best' ? ranked : rankRows(usableRows(breakdown), !breakdown.higherIsBetter);
  const digits = ranked.every((row) => Number.isInteger(row.value)) ? 0 : 1;
  // Shares of a whole are drawn against the whole; counts against the largest row.
  const scale = breakdown.format === 'percent' ? 1 : Math.max(0, ...ranked.map((row) => row.value));
  const tone = tones(ranked, breakdown.higherIsBetter);
  const label = distinctLabels(ranked.map((row) => row.label));
  input.rows = shown.slice(0, options.rows).map((row) => ({
    key: row.key,
    rank: row.rank,
    label: label(row.label),
    fullLabel: row.label,
    value: row.value,
    valueText: both((locale) =>
      breakdown.format === 'percent' ? formatPercent(row.value, locale, 1) : formatNumber(row.value, locale, digits),
    ),
    detailText:
      row.detail === undefined || !Number.isFinite(row.detail)
        ? null
        : both((locale) =>
            [formatNumber(row.detail, locale), breakdown.detailUnit?.[locale]].filter(Boolean).join(' '),
          ),
    share: scale > 0 ? Math.min(1, Math.max(0, row.value / scale)) : 0,
    tone: tone(row.value),
    meaning: meaningOfThresholds(row.value, {
      good: options.good,
      bad: options.bad,
      higherIsBetter: breakdown.higherIsBetter,
    }),
    target:
      options.field === undefined
        ? null
        : { topic: options.topic, field: options.field, row: row.key, label: row.label },
  }));
  return input;
}

type Ranked = BreakdownRow & { rank: number };

/** Best first; equal values share a place and keep the order of their Vietnamese names. */
export function rankRows(rows: readonly BreakdownRow[], higherIsBetter: boolean): Ranked[] {
  const sorted = [...rows].sort(
    (a, b) => (higherIsBetter ? b.value - a.value : a.value - b.value) || a.label.vi.localeCompare(b.label.vi, 'vi'),
  );
  let rank = 0;
  return sorted.map((row, index) => {
    if (index === 0 || row.value !== sorted[index - 1]!.value) rank = index + 1;
    return { ...row, rank };
  });
}

/**
 * Colours the ends of the whole ranking (a quarter each, at least one row), by value so that equal
 * values get the same colour. A ranking where every value is the same has no ends.
 */
function tones(ranked: readonly Ranked[], higherIsBetter: boolean): (value: number) => Tone {
  const best = ranked[0]!.value;
  const worst = ranked.at(-1)!.value;
  if (best === worst) return () => 'neutral';
  const end = Math.max(1, Math.ceil(ranked.length * END_SHARE));
  const goodFrom = ranked[end - 1]!.value;
  const badFrom = ranked[ranked.length - end]!.value;
  const atLeast = (value: number, bound: number) => (higherIsBetter ? value >= bound : value <= bound);
  const atMost = (value: number, bound: number) => (higherIsBetter ? value <= bound : value >= bound);
  return (value) => (atLeast(value, goodFrom) ? 'good' : atMost(value, badFrom) ? 'bad' : 'neutral');
}

/** How many rows of `rowPx` (with `gapPx` between them) fit whole in `heightPx`; all of them before layout. */
export function rowsThatFit(heightPx: number, rowPx: number, gapPx: number, wanted: number): number {
  if (!(heightPx > 0) || !(rowPx > 0)) return wanted;
  return Math.max(0, Math.min(wanted, Math.floor((heightPx + gapPx) / (rowPx + gapPx) + 1e-6)));
}

/**
 * Names without the words that tell no row from another: each row's kind of unit ("UBND phường",
 * "UBND xã", "Sở", "Phòng") when what is left still tells every row apart, then the words every row starts
 * with. Cut to fit a narrow column, "UBND phườn…" twice tells no ward from another, while
 * "Tam Thanh" and "Kỳ Lừa" do.
 */
export function distinctLabels(labels: readonly LocalizedText[]): (label: LocalizedText) => LocalizedText {
  const capital = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
  const unprefixed = (text: string) => {
    const prefix = UNIT_PREFIXES.find((words) => words.test(text));
    const rest = prefix ? text.trim().replace(prefix, '').trim() : text;
    return rest ? capital(rest) : text;
  };
  const kinds = labels.map((text) => unprefixed(text.vi).toLocaleLowerCase('vi'));
  const dropKinds = labels.length > 1 && new Set(kinds).size === labels.length;
  const vi = (text: string) => (dropKinds ? unprefixed(text) : text);
  const strip = (names: readonly string[]) => {
    const words = names.map((text) => text.trim().split(/\s+/));
    let common = 0;
    // Only with two rows or more, and never the whole of a name.
    while (
      words.length > 1 &&
      words.every(
        (w) =>
          w.length > common + 1 && w[common]!.toLocaleLowerCase('vi') === words[0]![common]!.toLocaleLowerCase('vi'),
      )
    )
      common++;
    return (text: string) => (common === 0 ? text : capital(text.trim().split(/\s+/).slice(common).join(' ')));
  };
  const commonVi = strip(labels.map((text) => vi(text.vi)));
  const commonEn = strip(labels.map((text) => text.en));
  return (label) => ({ vi: commonVi(vi(label.vi)), en: commonEn(label.en) });
}

/** The words that name a kind of unit, not the unit itself, at the start of a Vietnamese name. */
const UNIT_PREFIXES = [/^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(phường|xã|thị trấn)\s+/iu, /^(Sở|Phòng)\s+/u];
