/**
 * Comparing today's unit with a period before the July 2025 change of administrative units: the
 * figures of that period were recorded by the units of that time, so today's ward is the sum of
 * the old units the crosswalk sends into it (`rollUp`), and the panel says so. Pure functions of
 * `config/units.yaml`.
 */
import { rollUp, unitName, unitsValidOn, type UnitsConfig } from '../units/admin-units';
import type { LocalizedText } from '../protocol/topics';

/**
 * The codes, as recorded on `day`, whose figures make up today's `unit`: the unit itself when it
 * already existed then, else every unit of that day that rolls up into it.
 */
export function predecessorsOf(units: Pick<UnitsConfig, 'units' | 'crosswalk'>, unit: string, day: string): string[] {
  const sameThen = units.units.some(
    (candidate) => candidate.code === unit && candidate.validFrom <= day && candidate.validTo === undefined,
  );
  if (sameThen) return [unit];
  return unitsValidOn(units.units, day)
    .filter((candidate) => rollUp(units, candidate.code, day).includes(unit))
    .map((candidate) => candidate.code);
}

/** Whether `day` lies before today's `unit` existed, so that its figures need the crosswalk. */
export function needsCrosswalk(units: Pick<UnitsConfig, 'units'>, unit: string, day: string): boolean {
  const today = units.units.find((candidate) => candidate.code === unit && candidate.validTo === undefined);
  return today !== undefined && day < today.validFrom;
}

/** Sums the figures of the predecessors; null when none of them has one. */
export function sumOf(codes: readonly string[], valueOf: (code: string) => number | null): number | null {
  let sum: number | null = null;
  for (const code of codes) {
    const value = valueOf(code);
    if (value !== null) sum = (sum ?? 0) + value;
  }
  return sum;
}

/** "So sánh theo địa giới mới: Phường Tam Thanh gộp từ Phường Tam Thanh (cũ), Xã Hoàng Đồng". */
export function crosswalkNote(
  units: Pick<UnitsConfig, 'units' | 'crosswalk'>,
  unit: string,
  day: string,
): LocalizedText {
  const now = unitName(units.units, unit);
  const parts = predecessorsOf(units, unit, day).map((code) => {
    const then = unitName(units.units, code, day);
    const renamed = then.vi === now.vi;
    return { vi: renamed ? `${then.vi} (cũ)` : then.vi, en: renamed ? `${then.en} (former)` : then.en };
  });
  return {
    vi: `So sánh theo địa giới mới (từ 01/7/2025): ${now.vi} gộp từ ${parts.map((part) => part.vi).join(', ')}`,
    en: `Compared within today's boundaries (since 1 July 2025): ${now.en} merged from ${parts.map((part) => part.en).join(', ')}`,
  };
}
