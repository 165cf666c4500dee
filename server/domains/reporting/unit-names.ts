/**
 * The name of a unit that reports: a department of `config/units.yaml` by its id, or an
 * administrative unit by its code (today's unit when a code was reused in 2025).
 */
import type { LocalizedText } from '../../protocol/topics';
import { unitName, type UnitsConfig } from '../../units/admin-units';

export function unitNameOf(units: UnitsConfig, unit: string): LocalizedText {
  const department = units.departments.find((entry) => entry.id === unit);
  return department ? { vi: department.name, en: department.nameEn } : unitName(units.units, unit);
}
