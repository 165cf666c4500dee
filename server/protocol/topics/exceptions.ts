/** Payloads of "Cần chú ý ngay / Needs attention" (`exceptions.*`). Browser-safe: `typebox` only. */
import Type, { type Static } from 'typebox';
import { LocalizedText, Nullable } from './shared';

/** alarm: an alarm limit breached (red); warn: a warning limit passed (amber); anomaly: far from its own usual. */
export const ExceptionSeverity = Type.Union([Type.Literal('alarm'), Type.Literal('warn'), Type.Literal('anomaly')]);
export type ExceptionSeverity = Static<typeof ExceptionSeverity>;

/** What the figure was compared with: a fixed limit, the plan, its own baseline, a feed's silence limit. */
const ExceptionBasis = Type.Union([
  Type.Literal('absolute'),
  Type.Literal('plan'),
  Type.Literal('baseline'),
  Type.Literal('silence'),
]);

export const ExceptionItem = Type.Object({
  /** The rule's id, and the unit's key for a per-unit rule (`qua-han-phuong:12345`). */
  id: Type.String(),
  rule: Type.String(),
  severity: ExceptionSeverity,
  basis: ExceptionBasis,
  /** What: the indicator, in the rule's words. */
  label: LocalizedText,
  /** The indicator as dashboards name it, for the detail panel. */
  topic: Type.String(),
  field: Type.String(),
  /** The ward or department, if the rule is per unit; its key (a ward's code) beside it. */
  unit: Nullable(Type.String()),
  unitKey: Nullable(Type.String()),
  /** The figure: a count, or a share of the plan (1 = 100 %) when `basis` is `plan`; minutes for a silence. */
  value: Type.Number(),
  /** The limit passed, the plan's share (1), the baseline (median), or the silence limit in minutes. */
  reference: Type.Number(),
  /** value ÷ reference, null when the reference is 0. */
  ratio: Nullable(Type.Number()),
  measure: Nullable(LocalizedText),
  /** When this exception was first seen (epoch ms), kept for as long as it lasts. */
  since: Type.Number(),
});
export type ExceptionItem = Static<typeof ExceptionItem>;

/**
 * The exceptions now, ranked (alarm, warn, anomaly; then the oldest first). A value rather than a
 * collection: "nothing needs attention" is a state a screen must be told, not the absence of items.
 */
export const ExceptionList = Type.Object({ items: Type.Array(ExceptionItem) });
export type ExceptionList = Static<typeof ExceptionList>;
