import Type, { type Static } from 'typebox';
import { Version } from './common';

/** A calendar day, `YYYY-MM-DD` (city time). */
const IsoDate = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
  description: 'YYYY-MM-DD',
});
/** A GSO administrative-unit code: digits only, so it never collides with a department's slug. */
const UnitCode = Type.String({ pattern: '^[0-9]{2,5}$', description: 'GSO code, e.g. "05986"' });
const Name = Type.String({ minLength: 1, maxLength: 200 });

/**
 * One administrative unit over the time it existed. A code may appear twice with validity periods
 * that do not overlap: since 1 July 2025 a new ward often carries the code of one of the units it
 * was made from (05986 was Xã Hoàng Đồng, is Phường Tam Thanh).
 */
export const AdminUnit = Type.Object(
  {
    code: UnitCode,
    /** Full name with its kind, as people write it: "Phường Tam Thanh". */
    name: Name,
    nameEn: Name,
    kind: Type.Union([
      Type.Literal('province'),
      Type.Literal('district'),
      Type.Literal('ward'),
      Type.Literal('commune'),
    ]),
    /** Code of the unit it belongs to, valid over the same period. */
    parent: Type.Optional(UnitCode),
    /** First day valid. */
    validFrom: IsoDate,
    /** Last day valid; absent while the unit exists. */
    validTo: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
export type AdminUnit = Static<typeof AdminUnit>;

/** Where an old unit went: one row per (old, new) pair; a unit split in parts has several. */
const CrosswalkEntry = Type.Object(
  {
    from: UnitCode,
    to: UnitCode,
    /** The old unit went entirely into the new one. */
    whole: Type.Boolean(),
    /** A source we read states it (else it is our reading, to check). */
    confirmed: Type.Boolean(),
    /** The text that states it: resolution, clause. */
    source: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type CrosswalkEntry = Static<typeof CrosswalkEntry>;

/** A department (phòng ban) and the citizen-report categories it handles. */
export const Department = Type.Object(
  {
    /** Slug, e.g. `phong-kinh-te`: never digits only, so it never collides with a unit code. */
    id: Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$', description: 'kebab-case id' }),
    name: Name,
    nameEn: Name,
    /** Report category codes (`fixtures/reports/categories.json`). */
    categories: Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }), { maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type Department = Static<typeof Department>;

/** `config/units.yaml`: administrative units, their history, the departments, who runs the IOC. */
export const UnitsFile = Type.Object(
  {
    version: Version,
    /** The body that runs the IOC, named in every screen's header. */
    operatingBody: Type.Object({ name: Name, nameEn: Name }, { additionalProperties: false }),
    units: Type.Array(AdminUnit, { minItems: 1, maxItems: 20_000 }),
    crosswalk: Type.Array(CrosswalkEntry, { maxItems: 20_000, default: [] }),
    departments: Type.Array(Department, { maxItems: 500, default: [] }),
  },
  { additionalProperties: false, $id: 'units' },
);
export type UnitsFile = Static<typeof UnitsFile>;

/** What the server holds: the file without its format version. */
export type UnitsConfig = Omit<UnitsFile, 'version'>;
