/** Payload of the education summary (`education.summary`; the schools are `MapPoint`s). Browser-safe. */
import Type, { type Static } from 'typebox';
import { Breakdown, Nullable, Series } from './shared';

/** Summary of the city's schools (public: aggregates only, no pupil is ever named). */
export const EducationSummary = Type.Object({
  schools: Type.Number(),
  pupils: Type.Number(),
  classes: Type.Number(),
  teachers: Type.Number(),
  /** Present ÷ (present + absent + excused) over the schools that reported today (city day); null before the first report. */
  attendanceRateToday: Nullable(Type.Number()),
  /** Pupils present and away (absent + excused) today, over the schools that reported. */
  presentToday: Type.Number(),
  awayToday: Type.Number(),
  schoolsReportedToday: Type.Number(),
  /** The latest day with attendance reported (today, or the last school day on a weekend) and its rate. */
  latestSchoolDay: Nullable(Type.String()),
  attendanceRateLatest: Nullable(Type.Number()),
  /** Schools recognised as meeting the national standard (trường đạt chuẩn quốc gia), level 1 or 2. */
  standardSchools: Type.Number(),
  standardShare: Nullable(Type.Number()),
  /** Pupils per level (`preschool`, `primary`, `lower-secondary`, `upper-secondary`); detail = schools. */
  byLevel: Breakdown,
  /** Today's attendance rate per ward code; detail = pupils reported. Wards without a report today are left out. */
  attendanceByWard: Breakdown,
  /**
   * The same on the latest school day (`latestSchoolDay`: today once schools report, else the last
   * school day), its day in the unit ("học sinh có mặt ngày 27/11"): a wall on a Sunday shows Friday's.
   */
  attendanceByWardLatest: Breakdown,
  /** The attendance rate of the last 30 school days (days on which any school reported), oldest first. */
  attendanceDaily: Series,
});
export type EducationSummary = Static<typeof EducationSummary>;
