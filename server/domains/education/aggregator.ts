/**
 * Education: the schools of the city with their figures, and the attendance each reports per
 * school day. Publishes the public summary (aggregates only) and the schools on the map, each
 * coloured by today's attendance. "Today" is the city's day: it starts again at local midnight.
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { Aggregator, DomainContext, StateConflict, StoredEvent, TopicWriter } from '../domain';
import type { Breakdown, EducationSummary, MapPoint, Series, Tone } from '../../protocol/topics';
import { dayKey, isRealDay } from '../calendar';
import { formatNumber, formatPercentInText } from '../../protocol/format/format';
import type {
  EducationAttendance,
  EducationSchoolUpdated,
  LevelDefinition,
  SchoolDefinition,
  SchoolsFixture,
  StandardLevel,
} from './schema';

/** Public cells with fewer pupils than this are left out (a tiny count could point at a child). */
const PUBLIC_MIN_CELL = 5;
const DAILY_SCHOOL_DAYS = 30;
/** Days with reports kept in memory: the chart's 30 and room for late corrections. */
const KEEP_REPORT_DAYS = 60;

interface School {
  definition: SchoolDefinition;
  level: LevelDefinition;
  pupils: number;
  classes: number;
  teachers: number;
  standard: StandardLevel;
}

interface Attendance {
  present: number;
  absent: number;
  excused: number;
}

const totalOf = (a: Attendance) => a.present + a.absent + a.excused;

export function loadSchools(context: DomainContext): SchoolsFixture {
  return context.fixtures.readJson<SchoolsFixture>('education/schools.json');
}

/** Present ÷ reported, or null when fewer than `PUBLIC_MIN_CELL` pupils stand behind it. */
function attendanceRate(present: number, reported: number): number | null {
  return reported < PUBLIC_MIN_CELL ? null : present / reported;
}

function schoolTone(rate: number | null, level: LevelDefinition): Tone {
  if (rate === null) return 'neutral';
  if (rate >= level.goodFrom) return 'good';
  if (rate >= level.fairFrom) return 'fair';
  return 'bad';
}

export function createEducationAggregator(context: DomainContext): Aggregator {
  const fixture = loadSchools(context);
  const levels = new Map(fixture.levels.map((level) => [level.id, level]));
  const schools = new Map<string, School>(
    fixture.schools.map((definition) => [
      definition.id,
      {
        definition,
        level: levels.get(definition.level)!,
        pupils: definition.pupils,
        classes: definition.classes,
        teachers: definition.teachers,
        standard: definition.standard,
      },
    ]),
  );
  /** Attendance per day key, then per school. */
  const days = new Map<string, Map<string, Attendance>>();
  const dirtyPoints = new Set<string>(schools.keys());
  let dirtySummary = true;
  let today = '';

  function dayTotals(day: string): { present: number; reported: number; schools: number } {
    let present = 0;
    let reported = 0;
    const entries = days.get(day);
    for (const attendance of entries?.values() ?? []) {
      present += attendance.present;
      reported += totalOf(attendance);
    }
    return { present, reported, schools: entries?.size ?? 0 };
  }

  function summary(now: number): EducationSummary {
    const todayKey = dayKey(now, context.timeZone);
    let pupils = 0;
    let classes = 0;
    let teachers = 0;
    let standardSchools = 0;
    const byLevel = new Map<string, { pupils: number; schools: number }>();
    for (const school of schools.values()) {
      pupils += school.pupils;
      classes += school.classes;
      teachers += school.teachers;
      if (school.standard !== 'none') standardSchools++;
      const level = byLevel.get(school.level.id) ?? { pupils: 0, schools: 0 };
      level.pupils += school.pupils;
      level.schools++;
      byLevel.set(school.level.id, level);
    }
    const todayTotals = dayTotals(todayKey);
    // School days are the days on which some school reported: Saturdays of the upper secondary
    // schools count, weekends and holidays without classes do not.
    const schoolDays = [...days.keys()]
      .filter((day) => day <= todayKey && days.get(day)!.size > 0)
      .sort()
      .slice(-DAILY_SCHOOL_DAYS);
    const latestSchoolDay = schoolDays.at(-1) ?? null;
    const latest = latestSchoolDay === null ? null : dayTotals(latestSchoolDay);

    const levelBreakdown: Breakdown = {
      unit: { vi: 'học sinh', en: 'pupils' },
      format: 'number',
      higherIsBetter: true,
      detailUnit: { vi: 'trường', en: 'schools' },
      rows: fixture.levels
        .filter((level) => byLevel.has(level.id))
        .map((level) => ({
          key: level.id,
          label: level.name,
          value: byLevel.get(level.id)!.pupils,
          detail: byLevel.get(level.id)!.schools,
        })),
    };
    /** The attendance rate per ward on one day; wards with no report (or under 5 pupils) left out. */
    const wardBreakdown = (day: string | null, unit: Breakdown['unit']): Breakdown => {
      const cells = new Map<string, { present: number; reported: number }>();
      for (const [id, attendance] of (day === null ? undefined : days.get(day)) ?? []) {
        const ward = schools.get(id)!.definition.ward;
        const cell = cells.get(ward) ?? { present: 0, reported: 0 };
        cell.present += attendance.present;
        cell.reported += totalOf(attendance);
        cells.set(ward, cell);
      }
      return {
        unit,
        format: 'percent',
        higherIsBetter: true,
        detailUnit: { vi: 'học sinh báo cáo', en: 'pupils reported' },
        rows: context.fixtures.wards.flatMap((ward) => {
          const cell = cells.get(ward.code);
          const rate = cell ? attendanceRate(cell.present, cell.reported) : null;
          return cell && rate !== null
            ? [{ key: ward.code, label: { vi: ward.fullName, en: ward.nameEn }, value: rate, detail: cell.reported }]
            : [];
        }),
      };
    };
    // "27/11": the day the latest figures are from, said with them (on a Sunday they are Friday's).
    const latestDay = latestSchoolDay === null ? '' : ` ${latestSchoolDay.slice(8, 10)}/${latestSchoolDay.slice(5, 7)}`;
    const daily: Series = {
      unit: { vi: 'học sinh có mặt', en: 'pupils present' },
      format: 'percent',
      xKind: 'day',
      x: schoolDays,
      lines: [
        {
          key: 'rate',
          label: { vi: 'Tỷ lệ có mặt', en: 'Attendance rate' },
          values: schoolDays.map((day) => {
            const totals = dayTotals(day);
            return attendanceRate(totals.present, totals.reported);
          }),
        },
      ],
    };
    return {
      schools: schools.size,
      pupils,
      classes,
      teachers,
      attendanceRateToday: attendanceRate(todayTotals.present, todayTotals.reported),
      presentToday: todayTotals.present,
      awayToday: todayTotals.reported - todayTotals.present,
      schoolsReportedToday: todayTotals.schools,
      latestSchoolDay,
      attendanceRateLatest: latest === null ? null : attendanceRate(latest.present, latest.reported),
      standardSchools,
      standardShare: schools.size === 0 ? null : standardSchools / schools.size,
      byLevel: levelBreakdown,
      attendanceByWard: wardBreakdown(todayKey, { vi: 'học sinh có mặt', en: 'pupils present' }),
      attendanceByWardLatest: wardBreakdown(latestSchoolDay, {
        vi: `học sinh có mặt ngày${latestDay}`,
        en: `pupils present on${latestDay}`,
      }),
      attendanceDaily: daily,
    };
  }

  function point(school: School, todayKey: string): MapPoint {
    const attendance = days.get(todayKey)?.get(school.definition.id);
    const rate = attendance ? attendanceRate(attendance.present, totalOf(attendance)) : null;
    const { definition } = school;
    return {
      id: definition.id,
      lon: definition.lon,
      lat: definition.lat,
      label: { vi: definition.name, en: definition.nameEn },
      kind: `school-${school.level.id}`,
      kindName: school.level.schoolKind,
      tone: schoolTone(rate, school.level),
      value: school.pupils,
      detail:
        rate === null
          ? {
              vi: `${formatNumber(school.pupils, 'vi')} học sinh · chưa có sĩ số hôm nay`,
              en: `${formatNumber(school.pupils, 'en')} pupils · no attendance today yet`,
            }
          : {
              vi: `${formatNumber(school.pupils, 'vi')} học sinh · ${formatPercentInText(rate, 'vi')} có mặt`,
              en: `${formatNumber(school.pupils, 'en')} pupils · ${formatPercentInText(rate, 'en')} present`,
            },
    };
  }

  function publish(now: number, out: TopicWriter): void {
    if (dirtySummary) {
      dirtySummary = false;
      out.set('education.summary', summary(now));
    }
    if (dirtyPoints.size > 0) {
      const todayKey = dayKey(now, context.timeZone);
      const points: MapPoint[] = [];
      for (const id of dirtyPoints) points.push(point(schools.get(id)!, todayKey));
      dirtyPoints.clear();
      out.upsert('education.schools', points);
    }
  }

  function prune(): void {
    const reportDays = [...days.keys()].sort();
    for (const day of reportDays.slice(0, Math.max(0, reportDays.length - KEEP_REPORT_DAYS))) days.delete(day);
  }

  function check(events: ReadonlyArray<{ kind: string; data: unknown }>): StateConflict | null {
    const todayKey = dayKey(context.now(), context.timeZone);
    for (let index = 0; index < events.length; index++) {
      const { kind, data } = events[index]!;
      if (kind !== 'education.attendance' && kind !== 'education.school-updated') continue;
      const { schoolId } = data as { schoolId: string };
      if (!schools.has(schoolId)) {
        return {
          index,
          field: 'schoolId',
          en: `no school ${schoolId} in the city's list`,
          vi: `không có trường ${schoolId} trong danh sách của thành phố`,
        };
      }
      if (kind === 'education.attendance') {
        const attendance = data as EducationAttendance;
        if (attendance.date !== undefined && !isRealDay(attendance.date)) {
          return {
            index,
            field: 'date',
            en: `${attendance.date} is not a day of the calendar`,
            vi: `${attendance.date} không phải là ngày có thật`,
          };
        }
        if (attendance.date !== undefined && attendance.date > todayKey) {
          return {
            index,
            field: 'date',
            en: `${attendance.date} is in the future (today is ${todayKey})`,
            vi: `${attendance.date} là ngày trong tương lai (hôm nay là ${todayKey})`,
          };
        }
        if (totalOf(attendance) === 0) {
          return {
            index,
            field: 'present',
            en: 'present, absent and excused are all 0: no pupil was counted',
            vi: 'có mặt, vắng không phép và vắng có phép đều bằng 0: chưa điểm danh học sinh nào',
          };
        }
      }
    }
    return null;
  }

  const snapshot = closureSnapshot(
    1,
    () => ({
      days,
      dirtyPoints,
      dirtySummary,
      today,
      figures: new Map(
        [...schools].map(([id, { pupils, classes, teachers, standard }]) => [
          id,
          { pupils, classes, teachers, standard },
        ]),
      ),
    }),
    (state) => {
      refill(days, state.days);
      refill(dirtyPoints, state.dirtyPoints);
      ({ dirtySummary, today } = state);
      // The schools' definitions and levels come from the fixture; only their figures are state.
      for (const [id, figures] of state.figures) {
        const school = schools.get(id);
        if (school) Object.assign(school, figures);
      }
    },
  );

  return {
    snapshot,
    check,
    apply(event: StoredEvent) {
      if (event.kind === 'education.attendance') {
        const data = event.data as EducationAttendance;
        if (!schools.has(data.schoolId) || totalOf(data) === 0) return; // kept in the store, counted nowhere
        const day = data.date ?? dayKey(event.time, context.timeZone);
        let entries = days.get(day);
        if (!entries) days.set(day, (entries = new Map()));
        entries.set(data.schoolId, { present: data.present, absent: data.absent, excused: data.excused });
        dirtyPoints.add(data.schoolId);
        dirtySummary = true;
      } else if (event.kind === 'education.school-updated') {
        const data = event.data as EducationSchoolUpdated;
        const school = schools.get(data.schoolId);
        if (!school) return;
        if (data.pupils !== undefined) school.pupils = data.pupils;
        if (data.classes !== undefined) school.classes = data.classes;
        if (data.teachers !== undefined) school.teachers = data.teachers;
        if (data.standard !== undefined) school.standard = data.standard;
        dirtyPoints.add(data.schoolId);
        dirtySummary = true;
      }
    },
    flush(out: TopicWriter) {
      publish(context.now(), out);
    },
    tick(now: number, out: TopicWriter) {
      const key = dayKey(now, context.timeZone);
      if (key !== today) {
        // Local midnight: every school's "today" starts again without a report.
        today = key;
        for (const id of schools.keys()) dirtyPoints.add(id);
        dirtySummary = true;
        prune();
      }
      publish(now, out);
    },
  };
}
