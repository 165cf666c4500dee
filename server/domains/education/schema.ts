/** The event kinds of the education domain, and the fixture shapes they refer to. */
import Type, { type Static } from 'typebox';
import type { LocalizedText } from '../../protocol/topics';

export const SCHOOL_LEVELS = ['preschool', 'primary', 'lower-secondary', 'upper-secondary'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

/** Trường đạt chuẩn quốc gia: not (yet), level 1 or level 2. */
export const STANDARD_LEVELS = ['none', 'level-1', 'level-2'] as const;
export type StandardLevel = (typeof STANDARD_LEVELS)[number];

const SchoolId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' });
/** A day in the city's calendar; whether it exists (no 30 February) is checked at ingest. */
const DayKey = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', maxLength: 10 });
const Pupils = Type.Integer({ minimum: 0, maximum: 10_000 });

/**
 * A school's attendance (sĩ số) of one day: pupils present, absent without leave and absent with
 * leave (excused). A later report of the same school and day replaces the earlier one.
 */
export const EducationAttendance = Type.Object(
  {
    schoolId: SchoolId,
    /** The school day; defaults to the city day of the event's time. */
    date: Type.Optional(DayKey),
    present: Pupils,
    absent: Pupils,
    excused: Pupils,
  },
  { additionalProperties: false },
);
export type EducationAttendance = Static<typeof EducationAttendance>;

/** New figures of a school: enrolment, classes, teachers or its national-standard level (at least one). */
export const EducationSchoolUpdated = Type.Object(
  {
    schoolId: SchoolId,
    pupils: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    classes: Type.Optional(Type.Integer({ minimum: 0, maximum: 300 })),
    teachers: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000 })),
    standard: Type.Optional(Type.Union(STANDARD_LEVELS.map((level) => Type.Literal(level)))),
  },
  { additionalProperties: false, minProperties: 2 },
);
export type EducationSchoolUpdated = Static<typeof EducationSchoolUpdated>;

/** `fixtures/education/schools.json`. */
export interface LevelDefinition {
  id: SchoolLevel;
  name: LocalizedText;
  /** What a school of this level is called, for the map legend. */
  schoolKind: LocalizedText;
  /** Attendance from which a school's point is green, and yellow (below: red). */
  goodFrom: number;
  fairFrom: number;
}

export interface SchoolDefinition {
  id: string;
  name: string;
  nameEn: string;
  level: SchoolLevel;
  ward: string;
  lon: number;
  lat: number;
  approximate: boolean;
  pupils: number;
  classes: number;
  teachers: number;
  standard: StandardLevel;
  /** Upper secondary schools in the city also teach on Saturday mornings. */
  saturdayClasses: boolean;
  note: string;
}

export interface SchoolsFixture {
  note: string;
  schoolYear: string;
  levels: LevelDefinition[];
  schools: SchoolDefinition[];
}
