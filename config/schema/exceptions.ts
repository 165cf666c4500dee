/**
 * The rules of "Cần chú ý ngay / Needs attention" (`config/exceptions.yaml`): per indicator (a
 * topic and a field, as dashboards name them) a threshold, absolute or against plan, or an anomaly
 * against the indicator's own baseline. A feed's silence limit lives in its own file
 * (`config/feeds/*.yaml`, `staleAfterSeconds`): a silent feed is an alarm without a rule here.
 */
import Type, { type Static } from 'typebox';
import { Identifier, LocalizedText, Version } from './common';

const Direction = Type.Union([Type.Literal('higher-is-bad'), Type.Literal('lower-is-bad')], {
  description: 'higher-is-bad: a figure above the limit is the problem (a ceiling); lower-is-bad: below it (a floor)',
});

const FieldPath = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$',
  description: 'A dotted path into the payload, as a dashboard names a field',
});

const common = {
  id: Identifier,
  /** What the row says, e.g. "Xe hàng chờ thông quan". */
  label: LocalizedText,
  topic: Type.String({ minLength: 1, maxLength: 100, description: 'A topic of the domains, e.g. kpi.values' }),
  /** The measure's unit shown after the figure ("xe", "phản ánh"); none for a bare count. */
  measure: Type.Optional(LocalizedText),
};

export const ThresholdRule = Type.Object(
  {
    ...common,
    kind: Type.Literal('threshold'),
    /** In a collection topic (kpi.values): the item's id (the indicator's code). */
    item: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /**
     * Per unit: the field holding an array of rows (`byWard`, `byDepartment`); `field` and
     * `unitField` are then read in each row, and each row over its limit is an exception of its own.
     */
    each: Type.Optional(FieldPath),
    unitField: Type.Optional(FieldPath),
    /** The key of a row (a ward's code), kept in the exception's id and given to the detail panel. */
    keyField: Type.Optional(FieldPath),
    field: FieldPath,
    direction: Direction,
    /** absolute: the figure against the limits; plan: the figure ÷ the plan (`planField`) against them (1 = 100 %). */
    against: Type.Union([Type.Literal('absolute'), Type.Literal('plan')], { default: 'absolute' }),
    planField: Type.Optional(FieldPath),
    warn: Type.Optional(Type.Number()),
    alarm: Type.Optional(Type.Number()),
    /**
     * Judge a period only once it has ended (the item's `running` is false): a sum still growing is
     * neither missed nor met. A ceiling already passed is reported anyway (it cannot come back).
     */
    finalOnly: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);

export const AnomalyRule = Type.Object(
  {
    ...common,
    kind: Type.Literal('anomaly'),
    /** A daily series: an array of rows with a local date (`YYYY-MM-DD`) and a count. */
    field: FieldPath,
    dateField: Type.String({ minLength: 1, maxLength: 50, default: 'date' }),
    valueField: Type.String({ minLength: 1, maxLength: 50 }),
    /** The baseline: the median of the same weekday over this many weeks before today. */
    weeks: Type.Integer({ minimum: 2, maximum: 52, default: 8 }),
    /** Fewer same-weekday days than this in the series: too little history, no flag. */
    minWeeks: Type.Integer({ minimum: 2, maximum: 52, default: 4 }),
    direction: Direction,
    /** Flag when the figure is this many times the baseline (or this fraction of it, lower-is-bad). */
    factor: Type.Number({ exclusiveMinimum: 0, default: 2 }),
    /** …and differs from it by at least this much: 3 against 1 is no news. */
    minDifference: Type.Number({ minimum: 0, default: 10 }),
    /** Beyond this many times the baseline the anomaly is an alarm. */
    alarmFactor: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  },
  { additionalProperties: false },
);

export const ExceptionRule = Type.Union([ThresholdRule, AnomalyRule]);

export const ExceptionsFile = Type.Object(
  {
    version: Version,
    rules: Type.Array(ExceptionRule, { maxItems: 200, default: [] }),
  },
  { additionalProperties: false },
);

export type ThresholdRule = Static<typeof ThresholdRule>;
export type AnomalyRule = Static<typeof AnomalyRule>;
export type ExceptionRule = Static<typeof ExceptionRule>;
export type ExceptionsFile = Static<typeof ExceptionsFile>;
