/**
 * The palette of meanings: the one place that says what a colour on a figure means. A widget
 * that colours a figure asks here for its meaning and draws `meaning-<name>` (CSS variables in
 * `display/theme.css`), never a colour of its own, so that red is never a budget figure in one
 * widget and a breached border limit in another.
 *
 * - `alarm` (red): an alarm threshold is breached, or a target was missed by its own period's rule;
 * - `warn` (amber): a warning threshold is passed, or a target is narrowly missed;
 * - `met` (green): the target or threshold is met;
 * - `neutral`: no judgement is possible (no target, a period still running) or none is meant.
 */
import type { KpiStanding, Tone } from '../server/protocol/topics';

export type Meaning = 'alarm' | 'warn' | 'met' | 'neutral';

export const MEANINGS: readonly Meaning[] = ['alarm', 'warn', 'met', 'neutral'];

/** The colours, also in `display/theme.css` (`--meaning-*`); a canvas (ECharts) cannot read CSS variables. */
export const MEANING_COLOURS: Readonly<Record<Meaning, string>> = {
  alarm: '#ef4444',
  warn: '#f59e0b',
  met: '#22c55e',
  neutral: '#93a4bd',
};

/** A meaning's colour as red, green, blue and an opacity 0..255, for canvases and WebGL layers (the map). */
export function meaningRgba(meaning: Meaning, alpha = 255): [number, number, number, number] {
  const hex = MEANING_COLOURS[meaning];
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), alpha];
}

/** The standing of a KPI's period as the server judged it against its plan. */
const OF_STANDING: Readonly<Record<KpiStanding, Meaning>> = {
  very_good: 'met',
  good: 'met',
  fair: 'warn',
  bad: 'alarm',
  very_bad: 'alarm',
};

interface KpiJudgement {
  standing: KpiStanding | null;
  target: number | null;
  /** The period has not ended yet in the city's calendar. */
  running: boolean;
  value: number | null;
  higherIsBetter: boolean;
}

/**
 * A KPI's meaning: its standing, but only once it can be judged. No target: neutral. A period
 * still running is judged by nothing but a ceiling already passed (11 crashes against a limit of
 * 6 are over it whatever the rest of the month brings); a sum or an average not yet complete is
 * neither met nor missed.
 */
export function meaningOfKpi(kpi: KpiJudgement): Meaning {
  if (kpi.standing === null || kpi.target === null || kpi.value === null) return 'neutral';
  if (kpi.running) return !kpi.higherIsBetter && kpi.value > kpi.target ? OF_STANDING[kpi.standing] : 'neutral';
  return OF_STANDING[kpi.standing];
}

/**
 * A figure against thresholds set on a dashboard: beyond `bad` is an alarm, between `good` and
 * `bad` a warning, at or better than `good` met. Without both thresholds: neutral.
 */
export function meaningOfThresholds(
  value: number | null,
  thresholds: { good?: number; bad?: number; higherIsBetter: boolean },
): Meaning {
  const { good, bad, higherIsBetter } = thresholds;
  if (value === null || good === undefined || bad === undefined) return 'neutral';
  const atLeast = (a: number, b: number) => (higherIsBetter ? a >= b : a <= b);
  if (atLeast(value, good)) return 'met';
  if (atLeast(value, bad)) return 'warn';
  return 'alarm';
}

/** The city's targets for the on-time rate of citizen reports: below 70 % an alarm, from 90 % met. */
export const ON_TIME_TARGETS = { bad: 0.7, good: 0.9 } as const;

/** The tone a domain gave an item (a map point, a list line). */
const OF_TONE: Readonly<Record<Tone, Meaning>> = { good: 'met', fair: 'warn', bad: 'alarm', neutral: 'neutral' };

export function meaningOfTone(tone: Tone | null | undefined): Meaning {
  return tone ? OF_TONE[tone] : 'neutral';
}

/**
 * A citizen report's state: overdue is a deadline missed (alarm, whoever holds it), new or approved
 * is waiting for someone (warn), resolved is done (met). Used by the table and the map alike.
 */
export function meaningOfReport(report: { status: string; overdue: boolean }): Meaning {
  if (report.overdue) return 'alarm';
  if (report.status === 'new' || report.status === 'approved') return 'warn';
  if (report.status === 'resolved' || report.status === 'rated') return 'met';
  return 'neutral';
}

/** The class that sets `--meaning` (the colour) on an element, from `display/theme.css`. */
export function meaningClass(meaning: Meaning): string {
  return `meaning-${meaning}`;
}

/**
 * An exception of "Needs attention" (`exceptions.now`): red for a breached alarm limit, amber for a
 * warning; an anomaly (far from its own usual, no limit breached) judges nothing, so it is neutral.
 */
export function meaningOfException(severity: 'alarm' | 'warn' | 'anomaly'): Meaning {
  return severity === 'alarm' ? 'alarm' : severity === 'warn' ? 'warn' : 'neutral';
}
