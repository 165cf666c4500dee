import Type, { type Static } from 'typebox';

/**
 * "Tình hình nộp báo cáo": for each report template, the period due now and where each unit
 * stands (submitted, approved, late by N days, missing), from `reporting.status`.
 */
export const options = Type.Object(
  {
    /** Only this template (its id); all templates when absent. */
    template: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
    /** Most unit rows shown per template, the latest first. */
    rows: Type.Integer({ minimum: 1, maximum: 20, default: 8 }),
  },
  { additionalProperties: false },
);
export type SubmissionStatusOptions = Static<typeof options>;
