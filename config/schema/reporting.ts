/**
 * A periodic report template (mẫu báo cáo định kỳ): the indicators a unit reports, the period, the
 * due day and who approves. The entry form, the Excel file and the checks are all made from it,
 * so a new indicator is a few lines of YAML and no code.
 */
import Type, { type Static } from 'typebox';
import { Identifier, LocalizedText, Version } from './common';

/** A unit in scopes, forms and URLs: an administrative unit's code (`05986`) or a department's id. */
export const UnitId = Type.String({
  pattern: '^([0-9]{5}|[a-z][a-z0-9-]{1,62})$',
  description: 'GSO code of a ward/commune or a department id',
});

export const ReportingIndicator = Type.Object(
  {
    id: Identifier,
    name: LocalizedText,
    /** Unit of measure as the form shows it beside the number (tỷ đồng, hồ sơ, %). */
    unit: LocalizedText,
    decimals: Type.Integer({
      minimum: 0,
      maximum: 4,
      description: 'Digits after the decimal comma the figure may have',
    }),
    min: Type.Optional(Type.Number({ description: 'Smallest value allowed' })),
    max: Type.Optional(Type.Number({ description: 'Largest value allowed' })),
    required: Type.Boolean({ description: 'Whether a submission must give this figure' }),
    hint: Type.Optional(LocalizedText),
    /**
     * The KPI of the wall (`fixtures/kpi/definitions.json` code) this figure feeds once published.
     * `sum`: the KPI is the sum over the template's units, published when every unit's figure is;
     * `value`: the figure is the KPI itself (a template reported by one unit for the whole area).
     */
    kpi: Type.Optional(
      Type.Object(
        { code: Identifier, combine: Type.Union([Type.Literal('sum'), Type.Literal('value')]) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ReportingIndicator = Static<typeof ReportingIndicator>;

export const ReportingTemplate = Type.Object(
  {
    version: Version,
    id: Identifier,
    /** Raised whenever the indicators change: an Excel file of an older version is refused. */
    templateVersion: Type.Integer({ minimum: 1 }),
    title: LocalizedText,
    period: Type.Union([Type.Literal('month'), Type.Literal('quarter'), Type.Literal('year'), Type.Literal('custom')]),
    /** For `custom`: periods run from this day of a month to the day before it in the next month. */
    customStartDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 28 })),
    /** Day of the month after the period ends by which the figures are due (5 → the 5th). */
    dueDay: Type.Integer({ minimum: 1, maximum: 28 }),
    /** The units that report it (ward/commune codes, department ids). */
    units: Type.Array(UnitId, { minItems: 1, uniqueItems: true }),
    /** Who approves, in words (the approver scope on the unit is what the server checks). */
    approvedBy: LocalizedText,
    indicators: Type.Array(ReportingIndicator, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type ReportingTemplate = Static<typeof ReportingTemplate>;
