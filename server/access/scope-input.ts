/**
 * Checks scopes an administrator gives (`PATCH /api/v1/users/:id`, `npm run ioc -- user scope
 * add`) against the units of the config: the schema has already checked the role and that the
 * unit is not empty; here the unit must be one the config names, current, and a department for
 * a handler. A refusal names the field (`scopes[1].unit`) in Vietnamese and English.
 */
import { InputError } from '../ingest/ingest-error';
import { isAdminUnitCode, type UserScope } from './scope-roles';
import { unitEnded, type UnitDirectory } from './unit-directory';

/** `2025-06-30` → `30/06/2025`, as Vietnamese readers write a date. */
const viDate = (isoDate: string): string => isoDate.split('-').reverse().join('/');

/** Why `scope` may not be given, or null when it may. `field` names its unit in the refusal. */
export function scopeProblem(
  scope: UserScope,
  directory: UnitDirectory,
  today: string,
  field: string,
): InputError | null {
  const entry = directory.lookup(scope.unit);
  if (!entry) {
    return new InputError({
      field,
      en: `unknown unit "${scope.unit}": neither an administrative unit's code nor a department's id in config/units.yaml`,
      vi: `không có đơn vị "${scope.unit}": không phải mã đơn vị hành chính hay mã phòng ban trong config/units.yaml`,
    });
  }
  if (unitEnded(entry, today)) {
    return new InputError({
      field,
      en: `${entry.nameEn} (${entry.unit}) existed only until ${entry.validTo}: give one of today's units`,
      vi: `${entry.name} (${entry.unit}) chỉ tồn tại đến hết ngày ${viDate(entry.validTo!)}: hãy chọn đơn vị hiện hành`,
    });
  }
  if (scope.role === 'handler' && isAdminUnitCode(scope.unit)) {
    return new InputError({
      field,
      en: `a handler works a department's inbox: give a department, not ${entry.nameEn}`,
      vi: `người xử lý làm việc với hộp thư của một phòng ban: hãy chọn phòng ban, không phải ${entry.name}`,
    });
  }
  return null;
}

/** Throws the first problem of `scopes` (a 400 naming `scopes[i].unit`), so that nothing is written. */
export function checkScopes(scopes: readonly UserScope[], directory: UnitDirectory, today: string): void {
  scopes.forEach((scope, index) => {
    const problem = scopeProblem(scope, directory, today, `scopes[${index}].unit`);
    if (problem) throw problem;
  });
}
