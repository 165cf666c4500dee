/**
 * The exceptions model: from the topics' states (what the aggregators last published), the feeds'
 * silences and `now`, the list of what needs attention, ranked. A pure function: it reads no
 * clock and no store, so the same states and the same `now` always give the same list, and a test
 * needs no server. "Since when" is the one thing carried over: each exception keeps the moment it
 * was first seen for as long as it lasts (`since` in, `since` out).
 */
import type { AnomalyRule, ExceptionRule, ThresholdRule } from '../../config/schema/exceptions';
import type { ExceptionItem } from '../protocol/topics/exceptions';
import { dayKey } from '../domains/calendar';
import { sameWeekdayBaseline, type DailyRow } from './baseline';
import { judge } from './thresholds';
import { readNumber, readPath } from './read-field';
import { silentFeed, type FeedSilence } from './feed-silence';
import { rankExceptions } from './rank';

export interface ExceptionInputs {
  /** A topic's state as its aggregator last published it; undefined before it did. */
  topic(name: string): unknown;
  feeds: readonly FeedSilence[];
}

export interface Evaluation {
  items: ExceptionItem[];
  /** First seen, by exception id: give it back to the next evaluation. */
  since: Map<string, number>;
}

type Found = Omit<ExceptionItem, 'since'>;

const ratioOf = (value: number, reference: number) => (reference === 0 ? null : value / reference);

function rowsOf(rule: ThresholdRule, state: unknown): unknown[] {
  if (rule.item !== undefined) {
    const item = Array.isArray(state)
      ? state.find((candidate: unknown) => readPath(candidate, 'id') === rule.item)
      : undefined;
    return item === undefined ? [] : [item];
  }
  if (rule.each !== undefined) {
    const rows = readPath(state, rule.each);
    return Array.isArray(rows) ? rows : [];
  }
  return state === undefined || state === null ? [] : [state];
}

function thresholdExceptions(rule: ThresholdRule, state: unknown): Found[] {
  const found: Found[] = [];
  for (const row of rowsOf(rule, state)) {
    const figure = readNumber(row, rule.field);
    if (figure === null) continue;
    // A floor is judged once the period has ended: a sum still growing has missed nothing yet.
    if (rule.finalOnly && rule.direction === 'lower-is-bad' && readPath(row, 'running') === true) continue;
    let value = figure;
    if (rule.against === 'plan') {
      const plan = readNumber(row, rule.planField ?? 'target');
      if (plan === null || plan === 0) continue;
      value = figure / plan;
    }
    const judged = judge(value, rule);
    if (!judged) continue;
    const unitName = rule.unitField === undefined ? undefined : readPath(row, rule.unitField);
    const unitKey = rule.keyField === undefined ? undefined : readPath(row, rule.keyField);
    const unit = typeof unitName === 'string' ? unitName : null;
    const key = typeof unitKey === 'string' ? unitKey : unit;
    found.push({
      id: key === null ? rule.id : `${rule.id}:${key}`,
      rule: rule.id,
      severity: judged.severity,
      basis: rule.against,
      label: rule.label,
      topic: rule.topic,
      field: rule.each === undefined ? rule.field : `${rule.each}.${rule.field}`,
      unit,
      unitKey: key,
      value,
      reference: judged.limit,
      ratio: ratioOf(value, judged.limit),
      measure: rule.against === 'plan' ? null : (rule.measure ?? null),
    });
  }
  return found;
}

function anomalyException(rule: AnomalyRule, state: unknown, now: number, timeZone: string): Found | null {
  const series = readPath(state, rule.field);
  if (!Array.isArray(series)) return null;
  const rows: DailyRow[] = [];
  for (const row of series) {
    const date = readPath(row, rule.dateField);
    const value = readNumber(row, rule.valueField);
    if (typeof date === 'string' && value !== null) rows.push({ date, value });
  }
  const today = dayKey(now, timeZone);
  const value = rows.find((row) => row.date === today)?.value;
  if (value === undefined) return null;
  const baseline = sameWeekdayBaseline(rows, today, rule.weeks, rule.minWeeks);
  if (!baseline) return null;
  const { median } = baseline;
  const higher = rule.direction === 'higher-is-bad';
  const unusual = higher
    ? value >= median * rule.factor && value - median >= rule.minDifference
    : value <= median / rule.factor && median - value >= rule.minDifference;
  if (!unusual) return null;
  const alarm =
    rule.alarmFactor !== undefined &&
    (higher ? value >= median * rule.alarmFactor : value <= median / rule.alarmFactor);
  return {
    id: rule.id,
    rule: rule.id,
    severity: alarm ? 'alarm' : 'anomaly',
    basis: 'baseline',
    label: rule.label,
    topic: rule.topic,
    field: `${rule.field}.${rule.valueField}`,
    unit: null,
    unitKey: null,
    value,
    reference: median,
    ratio: ratioOf(value, median),
    measure: rule.measure ?? null,
  };
}

export function evaluate(
  rules: readonly ExceptionRule[],
  inputs: ExceptionInputs,
  now: number,
  timeZone: string,
  previousSince: ReadonlyMap<string, number>,
): Evaluation {
  const found: Found[] = [];
  for (const rule of rules) {
    const state = inputs.topic(rule.topic);
    if (rule.kind === 'threshold') found.push(...thresholdExceptions(rule, state));
    else {
      const anomaly = anomalyException(rule, state, now, timeZone);
      if (anomaly) found.push(anomaly);
    }
  }
  for (const feed of inputs.feeds) {
    const silent = silentFeed(feed, now, timeZone);
    if (silent) found.push(silent);
  }
  const since = new Map<string, number>();
  const items = found.map((item) => {
    const first = previousSince.get(item.id) ?? now;
    since.set(item.id, first);
    return { ...item, since: first };
  });
  return { items: rankExceptions(items), since };
}
