/**
 * The units a scope may name, and how a refusal names them: administrative units and departments
 * from `config.units` (config/units.yaml). A unit the directory does not know is shown by its
 * bare id, so that a refusal still says which unit it was.
 *
 * The config loader gains `units` in its own change (issue 12, "units"); until then this reads
 * the same shape where the loader will put it and knows no unit when it is absent.
 */
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';

/** What of `config.units` a scope needs: the shape of the shared contract, read loosely. */
const UnitsShape = Type.Object({
  units: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      kind: Type.String(),
      validTo: Type.Optional(Type.String()),
    }),
  ),
  departments: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), nameEn: Type.String() })),
});
export type UnitsShape = Static<typeof UnitsShape>;

export interface UnitEntry {
  unit: string;
  name: string;
  nameEn: string;
  /** `department`, or the administrative unit's kind (`ward`, `commune`, `district`…). */
  kind: string;
  /** The last day the administrative unit existed; absent while it is current. */
  validTo?: string;
}

export interface UnitDirectory {
  /** The unit's entry, or undefined when the config does not name it. */
  lookup(unit: string): UnitEntry | undefined;
}

/** A unit as a person reads it: its name in both languages, or its bare id when unknown. */
export interface UnitLabel {
  vi: string;
  en: string;
}

export function unitDirectory(units: UnitsShape | undefined): UnitDirectory {
  const entries = new Map<string, UnitEntry>();
  for (const department of units?.departments ?? []) {
    entries.set(department.id, {
      unit: department.id,
      name: department.name,
      nameEn: department.nameEn,
      kind: 'department',
    });
  }
  for (const unit of units?.units ?? []) {
    const known = entries.get(unit.code);
    // A code kept across a change of name or kind: the current version names it, else the latest.
    const later =
      !known || (known.validTo !== undefined && (unit.validTo === undefined || unit.validTo > known.validTo));
    if (later)
      entries.set(unit.code, {
        unit: unit.code,
        name: unit.name,
        nameEn: unit.nameEn,
        kind: unit.kind,
        ...(unit.validTo ? { validTo: unit.validTo } : {}),
      });
  }
  return { lookup: (unit) => entries.get(unit) };
}

const directories = new WeakMap<object, UnitDirectory>();

/**
 * The directory of a loaded config (`config.units`), built once per config object (a reload
 * makes a new one). A config without units, or with units of another shape, knows no unit.
 */
export function unitDirectoryOf(config: object): UnitDirectory {
  let directory = directories.get(config);
  if (!directory) {
    const units: unknown = 'units' in config ? config.units : undefined;
    directory = unitDirectory(Value.Check(UnitsShape, units) ? units : undefined);
    directories.set(config, directory);
  }
  return directory;
}

export function unitLabel(directory: UnitDirectory | undefined, unit: string): UnitLabel {
  const entry = directory?.lookup(unit);
  return entry ? { vi: entry.name, en: entry.nameEn } : { vi: unit, en: unit };
}

/** Whether an administrative unit had ended before `today` (YYYY-MM-DD; departments do not end). */
export function unitEnded(entry: UnitEntry, today: string): boolean {
  return entry.validTo !== undefined && entry.validTo < today;
}
