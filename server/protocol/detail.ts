/**
 * The drill-down contract (`GET /api/v1/detail`): what a leader selected on `/view` (a
 * `DetailTarget` of `widgets/widget.ts`) and what the detail panel shows for it. TypeBox only:
 * the display imports the types, the route validates with the same schemas.
 */
import Type, { type Static } from 'typebox';
import { LocalizedText, Nullable } from './topics/shared';
import { ExceptionItem } from './topics/exceptions';

export const CompareBasis = Type.Union([Type.Literal('year'), Type.Literal('previous'), Type.Literal('plan')], {
  description: 'year: the same period last year; previous: the period before; plan: the period’s plan',
});
export type CompareBasis = Static<typeof CompareBasis>;

export const DetailQuery = Type.Object(
  {
    topic: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'The topic the widget reads, e.g. `reports.summary`, `kpi.values`',
    }),
    field: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9][A-Za-z0-9.-]*$',
      description: 'The indicator: a field of the topic (`open`, `onTimeRate`) or, for `kpi.values`, the KPI code',
    }),
    unit: Type.Optional(
      Type.String({ pattern: '^[0-9]{2,5}$', description: "Today's administrative unit (GSO code)" }),
    ),
    department: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'A department: its id (config/units.yaml) or its Vietnamese name, as `reports.summary` keys its rows',
      }),
    ),
    row: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          "A row of the Breakdown at `topic` + `field` by its key (a ranking's agency, school, ward…): the panel shows that row",
      }),
    ),
    exception: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'With `topic=exceptions.now`: an exception by its id; the panel shows its figure, limit or baseline and since when, beside the indicator behind it',
      }),
    ),
    compare: Type.Optional(CompareBasis),
    dashboard: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
        description:
          'The dashboard the panel opens from: a public dashboard answers with public data only, whoever asks',
      }),
    ),
  },
  { additionalProperties: false },
);
export type DetailQuery = Static<typeof DetailQuery>;

const HistoryPoint = Type.Object({ period: Type.String(), value: Nullable(Type.Number()) });

const BreakdownRow = Type.Object({
  key: Type.String(),
  name: LocalizedText,
  value: Nullable(Type.Number()),
  /** What the panel sends back to open this row: a ward's code or a department's id. */
  unit: Type.Optional(Type.String()),
  department: Type.Optional(Type.String()),
  /** A row of a ranking's Breakdown (its key), for rows that are neither a ward nor a department. */
  row: Type.Optional(Type.String()),
});

const Breakdown = Type.Object({
  /** `ranking`: the rows of the Breakdown a ranking shows, as the topic publishes them now. */
  by: Type.Union([Type.Literal('ward'), Type.Literal('department'), Type.Literal('ranking')]),
  title: LocalizedText,
  rows: Type.Array(BreakdownRow),
});

const DetailItem = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('report')]),
  title: Type.String(),
  place: Nullable(LocalizedText),
  status: LocalizedText,
  at: Type.Number({ description: 'When it was received (epoch ms)' }),
});

export const DetailAnswer = Type.Object({
  topic: Type.String(),
  field: Type.String(),
  unit: Nullable(Type.String()),
  department: Nullable(Type.String()),
  /** What is shown: the indicator, and the ward or department it is narrowed to. */
  title: LocalizedText,
  scope: Nullable(LocalizedText),
  measure: Nullable(LocalizedText),
  format: Type.Union([Type.Literal('number'), Type.Literal('percent')]),
  digits: Type.Integer(),
  higherIsBetter: Type.Boolean(),
  /** The period the figure is for (`2026-12-04`, `2026-12`, `2026-Q3`), and whether it is still running. */
  period: Type.String(),
  running: Type.Boolean(),
  value: Nullable(Type.Number()),
  /** Oldest first, the current period last. */
  history: Type.Array(HistoryPoint),
  plan: Nullable(Type.Object({ value: Type.Number(), ratio: Nullable(Type.Number()), basis: LocalizedText })),
  compare: Type.Object({
    basis: CompareBasis,
    label: LocalizedText,
    period: Nullable(Type.String()),
    value: Nullable(Type.Number()),
    /** Relative change (rates: the difference in points), null when there is nothing to compare with. */
    change: Nullable(Type.Number()),
    changeInPoints: Type.Boolean(),
    /** Said whenever the compared period lies before the July 2025 change of units and the crosswalk was used. */
    crosswalk: Nullable(LocalizedText),
    /** Why there is no comparison, when there is none. */
    missing: Nullable(LocalizedText),
  }),
  breakdowns: Type.Array(Breakdown),
  /** The items behind the number, newest first; null for a public audience (never personal data there). */
  items: Nullable(Type.Array(DetailItem)),
  itemsTotal: Nullable(Type.Integer()),
  audience: Type.Union([Type.Literal('public'), Type.Literal('internal')]),
  source: LocalizedText,
  /** Opened from "Needs attention": the exception as judged now (figure, limit or baseline, since when). */
  exception: Nullable(ExceptionItem),
  /** Why there is no history, when the indicator keeps only the present (a ranking's Breakdown). */
  historyMissing: Nullable(LocalizedText),
});
export type DetailAnswer = Static<typeof DetailAnswer>;
export type DetailItem = Static<typeof DetailItem>;
