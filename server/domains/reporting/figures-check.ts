/**
 * Checks a unit's figures against the template's indicator definitions: the same rules for the
 * form, the Excel and CSV imports and the ingest path, so every refusal says the same thing.
 */
import type { ReportingIndicator, ReportingTemplate } from '../../../config/schema/reporting';

export type FigureValues = Record<string, number | null>;

export interface FigureProblem {
  indicator: string;
  value: unknown;
  vi: string;
  en: string;
}

/** Digits after the decimal point of a number as written in decimal (1.25 → 2). */
function decimalsOf(value: number): number {
  const text = String(value);
  if (text.includes('e-')) return Number(text.split('e-')[1]);
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

const formatVi = (value: number) => value.toLocaleString('vi-VN', { maximumFractionDigits: 4 });

/** Why one value does not fit its indicator, or null. `null` is a blank. */
export function valueProblem(
  indicator: ReportingIndicator,
  value: unknown,
  complete: boolean,
): { vi: string; en: string } | null {
  if (value === null || value === undefined) {
    return complete && indicator.required ? { vi: 'bắt buộc nhập', en: 'required' } : null;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return { vi: 'phải là số', en: 'must be a number' };
  if (indicator.min !== undefined && value < indicator.min)
    return { vi: `không được nhỏ hơn ${formatVi(indicator.min)}`, en: `must be at least ${indicator.min}` };
  if (indicator.max !== undefined && value > indicator.max)
    return { vi: `không được lớn hơn ${formatVi(indicator.max)}`, en: `must be at most ${indicator.max}` };
  if (decimalsOf(value) > indicator.decimals) {
    return indicator.decimals === 0
      ? { vi: 'phải là số nguyên', en: 'must be a whole number' }
      : { vi: `tối đa ${indicator.decimals} chữ số thập phân`, en: `at most ${indicator.decimals} decimal places` };
  }
  return null;
}

/**
 * Every problem of a set of figures: unknown indicators, bad values and, when `complete` (a
 * submission), the required ones left blank.
 */
export function figureProblems(
  template: ReportingTemplate,
  values: Readonly<Record<string, unknown>>,
  complete: boolean,
): FigureProblem[] {
  const problems: FigureProblem[] = [];
  const known = new Set(template.indicators.map((indicator) => indicator.id));
  for (const [id, value] of Object.entries(values)) {
    if (!known.has(id))
      problems.push({
        indicator: id,
        value,
        vi: `chỉ tiêu "${id}" không có trong mẫu`,
        en: `indicator "${id}" is not in the template`,
      });
  }
  for (const indicator of template.indicators) {
    const problem = valueProblem(indicator, values[indicator.id] ?? null, complete);
    if (problem) problems.push({ indicator: indicator.id, value: values[indicator.id] ?? null, ...problem });
  }
  return problems;
}
