/** Payload of periodic reporting (hệ thống thông tin báo cáo): who has submitted what, and how late. Browser-safe. */
import Type, { type Static } from 'typebox';
import { LocalizedText, Nullable } from './shared';

export const SubmissionState = Type.Union([
  Type.Literal('missing'),
  Type.Literal('draft'),
  Type.Literal('submitted'),
  Type.Literal('returned'),
  Type.Literal('approved'),
  Type.Literal('published'),
]);
export type SubmissionState = Static<typeof SubmissionState>;

/** One unit's report of one template for one period ("tình hình nộp báo cáo"). */
export const ReportingStatusItem = Type.Object({
  /** `<template>|<period>|<unit>`. */
  id: Type.String(),
  template: Type.String(),
  templateTitle: LocalizedText,
  period: Type.String(),
  unit: Type.String(),
  unitName: LocalizedText,
  state: SubmissionState,
  /** Last day to submit (YYYY-MM-DD, city calendar). */
  dueDate: Type.String(),
  /** Days past the due date: of the submission when submitted late, of today while nothing is submitted; 0 when on time or not yet due. */
  daysLate: Type.Integer(),
  submittedAt: Nullable(Type.Number()),
  /** Corrections made after publication. */
  corrections: Type.Integer(),
  updatedAt: Type.Number(),
});
export type ReportingStatusItem = Static<typeof ReportingStatusItem>;
