/**
 * The REST shapes of the entry pages (`/api/v1/entry/…`): one TypeBox definition gives the
 * routes their validation and the OpenAPI document, and the display its types. Browser-safe.
 */
import Type, { type Static } from 'typebox';
import { ReportingStatusItem } from './topics/reporting';

export const ReportParams = Type.Object({
  template: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
  unit: Type.String({ pattern: '^([0-9]{5}|[a-z][a-z0-9-]{1,62})$' }),
  period: Type.String({ minLength: 4, maxLength: 21 }),
});
export type ReportParams = Static<typeof ReportParams>;

const Localized = Type.Object({ vi: Type.String(), en: Type.String() });
const Figure = Type.Union([Type.Null(), Type.Number()]);

export const HistoryEntrySchema = Type.Object({
  kind: Type.String(),
  at: Type.Number(),
  by: Type.String(),
  templateVersion: Type.Integer(),
  values: Type.Optional(Type.Record(Type.String(), Figure)),
  via: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  indicator: Type.Optional(Type.String()),
  oldValue: Type.Optional(Figure),
  newValue: Type.Optional(Figure),
});

/** A unit's report as the entry pages show it. */
export const ReportView = Type.Object({
  template: Type.String(),
  templateVersion: Type.Integer(),
  templateTitle: Localized,
  period: Type.String(),
  unit: Type.String(),
  unitName: Localized,
  state: Type.String(),
  values: Type.Record(Type.String(), Figure),
  returnedReason: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.Union([Type.Number(), Type.Null()]),
  corrections: Type.Integer(),
  dueDate: Type.String(),
  approvedBy: Localized,
  history: Type.Array(HistoryEntrySchema),
  timeZone: Type.String({ description: "The city's time zone (config), in which the history's times are shown" }),
  indicators: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Localized,
      unit: Localized,
      decimals: Type.Integer(),
      min: Type.Optional(Type.Number()),
      max: Type.Optional(Type.Number()),
      required: Type.Boolean(),
      hint: Type.Optional(Localized),
    }),
  ),
});
export type ReportView = Static<typeof ReportView>;

export const Problem = Type.Object({
  sheet: Type.Optional(Type.String()),
  cell: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  indicator: Type.Optional(Type.String()),
  value: Type.Unknown(),
  vi: Type.String(),
  en: Type.String(),
});
export type Problem = Static<typeof Problem>;

export const EntryTasks = Type.Object({
  scopes: Type.Array(Type.Object({ role: Type.String(), unit: Type.String(), unitName: Localized })),
  /** The periods of my templates, per unit I enter or approve for. */
  reports: Type.Array(
    Type.Object({ ...ReportingStatusItem.properties, canEnter: Type.Boolean(), canApprove: Type.Boolean() }),
  ),
});

export type EntryTasks = Static<typeof EntryTasks>;
