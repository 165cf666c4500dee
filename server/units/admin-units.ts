/**
 * Administrative units over time, as pure functions of `config/units.yaml` (see
 * `config/schema/units.ts`). Since 1 July 2025 a code can name two units — an old one and the new
 * one that took its code — so every question about a code is asked for a day.
 */
import type { AdminUnit, Department, UnitsConfig } from '../../config/schema/units';

export type { AdminUnit, Department, UnitsConfig };

/** The units valid on a day (`YYYY-MM-DD`). */
export function unitsValidOn(units: readonly AdminUnit[], isoDate: string): AdminUnit[] {
  return units.filter((unit) => isValidOn(unit, isoDate));
}

/** The units valid today in the city's time zone. */
export function currentUnits(units: readonly AdminUnit[], now: number, timeZone: string): AdminUnit[] {
  return unitsValidOn(units, localDay(now, timeZone));
}

/**
 * The unit(s) of today that hold what `code` named on `isoDate`: the code itself when it is a
 * current unit's, else where the crosswalk sends it, step by step (a unit merged twice rolls up
 * twice). A unit split in parts rolls up to each part. A code that had ended before that day (a
 * feed still sending the old code) is read as the unit that last had it. A code unknown on that
 * day comes back as it is, so that nothing is silently dropped.
 */
export function rollUp(config: Pick<UnitsConfig, 'units' | 'crosswalk'>, code: string, isoDate: string): string[] {
  const result: string[] = [];
  const seen = new Set<string>();
  const visit = (current: string, day: string): void => {
    const key = `${current}@${day}`;
    if (seen.has(key)) return;
    seen.add(key);
    const unit =
      config.units.find((candidate) => candidate.code === current && isValidOn(candidate, day)) ??
      lastEndedBefore(config.units, current, day);
    if (!unit) {
      if (!result.includes(current)) result.push(current);
      return;
    }
    if (unit.validTo === undefined) {
      if (!result.includes(current)) result.push(current);
      return;
    }
    const next = config.crosswalk.filter((entry) => entry.from === current);
    if (next.length === 0) {
      if (!result.includes(current)) result.push(current);
      return;
    }
    // The successor is looked up on the day after the old unit ended.
    const after = nextDay(unit.validTo);
    for (const entry of next) visit(entry.to, after);
  };
  visit(code, isoDate);
  return result;
}

/**
 * The name of a unit: the one valid on `isoDate` when given, else today's unit with that code, else
 * the latest one that had it. Unknown codes come back as they are.
 */
export function unitName(units: readonly AdminUnit[], code: string, isoDate?: string): { vi: string; en: string } {
  const unit = findUnit(units, code, isoDate);
  return unit ? { vi: unit.name, en: unit.nameEn } : { vi: code, en: code };
}

/** The unit with a code on a day (see `unitName` for the choice without a day). */
function findUnit(units: readonly AdminUnit[], code: string, isoDate?: string): AdminUnit | undefined {
  const withCode = units.filter((unit) => unit.code === code);
  if (isoDate !== undefined) return withCode.find((unit) => isValidOn(unit, isoDate));
  return (
    withCode.find((unit) => unit.validTo === undefined) ??
    [...withCode].sort((a, b) => (b.validTo ?? '').localeCompare(a.validTo ?? ''))[0]
  );
}

/** The department that handles a report category, if one does. */
export function departmentFor(departments: readonly Department[], categoryId: string): Department | undefined {
  return departments.find((department) => department.categories.includes(categoryId));
}

function lastEndedBefore(units: readonly AdminUnit[], code: string, isoDate: string): AdminUnit | undefined {
  return units
    .filter((unit) => unit.code === code && unit.validTo !== undefined && unit.validTo < isoDate)
    .sort((a, b) => b.validTo!.localeCompare(a.validTo!))[0];
}

function isValidOn(unit: AdminUnit, isoDate: string): boolean {
  return unit.validFrom <= isoDate && (unit.validTo === undefined || isoDate <= unit.validTo);
}

function nextDay(isoDate: string): string {
  const time = Date.parse(`${isoDate}T00:00:00Z`) + 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function localDay(time: number, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(time);
}
