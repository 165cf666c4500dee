/**
 * Simulated school attendance: each school that has classes reports its attendance in the morning
 * (the upper secondary schools on Saturdays too), some primary and preschools correct it in the
 * afternoon (pupils sent home ill), and pupils transfer now and then during office hours.
 * Attendance events have ids made of the day and the school, so that a restarted simulator
 * re-posting a morning already stored is acknowledged as a duplicate, not counted again.
 */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';
import { addDays, dayKey, hourKey, localTime, weekdayOf } from '../calendar';
import { loadSchools } from './aggregator';
import { hasClasses, loadSchoolCalendar } from './school-calendar';
import type { SchoolDefinition, SchoolLevel } from './schema';

const MINUTE = 60_000;
/** School days of history: the chart's 30 and a margin. */
const SEED_SCHOOL_DAYS = 32;

/** Usual attendance by level: little children are ill more often. */
const BASE_RATE: Record<SchoolLevel, number> = {
  preschool: 0.915,
  primary: 0.978,
  'lower-secondary': 0.972,
  'upper-secondary': 0.966,
};
/** When the morning report comes in: [first minute after midnight, window in minutes]. */
const REPORT_WINDOW: Record<SchoolLevel, [number, number]> = {
  preschool: [8 * 60 + 15, 75],
  primary: [7 * 60 + 30, 75],
  'lower-secondary': [7 * 60 + 20, 70],
  'upper-secondary': [7 * 60 + 10, 65],
};

interface Planned {
  at: number;
  event: IngestEvent;
}

export function createEducationSimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const schools = loadSchools(context).schools;
  const calendar = loadSchoolCalendar(context);
  const pupils = new Map(schools.map((school) => [school.id, school.pupils]));
  const run = Math.floor(random() * 36 ** 6).toString(36);
  const { timeZone } = context;
  let plannedDay = '';
  let plan: Planned[] = [];
  let transfers = 0;
  let untilTransfer = (20 + random() * 40) * MINUTE;

  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

  type Counts = { present: number; absent: number; excused: number };
  const attendance = (schoolId: string, day: string, at: number, counts: Counts, afternoon: boolean): IngestEvent => ({
    domain: 'education',
    kind: 'education.attendance',
    id: `sim-edu-att-${day}-${schoolId}${afternoon ? '-pm' : ''}`,
    time: at,
    source: 'simulator',
    simulated: true,
    data: { schoolId, date: day, ...counts },
  });

  /** The reports of one day: a morning report per school with classes, some afternoon corrections. */
  function planDay(day: string): Planned[] {
    const open = schools.filter((school) => hasClasses(calendar, day, school.saturdayClasses));
    if (open.length === 0) return [];
    const month = Number(day.slice(5, 7));
    // One mood for the whole city that day: a Monday, a cold snap in winter (rét đậm) keep children home.
    const cityShock = gaussian() * 0.004 - (weekdayOf(day) === 1 ? 0.004 : 0);
    const coldSnap = (month === 12 || month <= 2) && random() < 0.2;
    const planned: Planned[] = [];
    for (const school of open) planned.push(...planSchool(school, day, cityShock, coldSnap));
    return planned.sort((a, b) => a.at - b.at);
  }

  function planSchool(school: SchoolDefinition, day: string, cityShock: number, coldSnap: boolean): Planned[] {
    const young = school.level === 'preschool' || school.level === 'primary';
    const shock = (school.level === 'preschool' ? 2 : 1) * cityShock - (coldSnap ? (young ? 0.025 : 0.012) : 0);
    const rate = clamp(BASE_RATE[school.level] + shock + gaussian() * 0.006, 0.6, 1);
    const roll = pupils.get(school.id)!;
    const away = Math.round(roll * (1 - rate));
    const excused = Math.round(away * (0.7 + random() * 0.2));
    const morning = { present: roll - away, absent: away - excused, excused };
    const [first, window] = REPORT_WINDOW[school.level];
    const at = localTime(day, 0, first + Math.floor(random() * window), timeZone) + Math.floor(random() * MINUTE);
    const planned: Planned[] = [{ at, event: attendance(school.id, day, at, morning, false) }];
    if (young && random() < 0.35) {
      const sentHome = Math.min(morning.present, 1 + Math.floor(random() * 4));
      const later = localTime(day, 13, 45 + Math.floor(random() * 75), timeZone);
      planned.push({
        at: later,
        event: attendance(
          school.id,
          day,
          later,
          { ...morning, present: morning.present - sentHome, excused: morning.excused + sentHome },
          true,
        ),
      });
    }
    return planned;
  }

  function due(now: number): IngestEvent[] {
    const events: IngestEvent[] = [];
    while (plan.length > 0 && plan[0]!.at <= now) events.push(plan.shift()!.event);
    return events;
  }

  return {
    seed(now) {
      const events: IngestEvent[] = [];
      const today = dayKey(now, timeZone);
      let schoolDays = 0;
      for (let back = 1; back < 240 && schoolDays < SEED_SCHOOL_DAYS; back++) {
        const planned = planDay(addDays(today, -back));
        if (planned.length === 0) continue;
        schoolDays++;
        events.push(...planned.map((item) => item.event));
      }
      // A school recognised as meeting the national standard a few weeks ago.
      const candidates = schools.filter((school) => school.standard === 'none');
      if (candidates.length > 0) {
        const school = candidates[Math.floor(random() * candidates.length)]!;
        const day = addDays(today, -(15 + Math.floor(random() * 10)));
        events.push({
          domain: 'education',
          kind: 'education.school-updated',
          id: `sim-edu-standard-${school.id}-${day}`,
          time: localTime(day, 10, 0, timeZone),
          source: 'simulator',
          simulated: true,
          data: { schoolId: school.id, standard: 'level-1' },
        });
      }
      plannedDay = today;
      plan = planDay(today);
      events.push(...due(now));
      return events;
    },
    step(now, elapsedMs, rate) {
      const today = dayKey(now, timeZone);
      if (today !== plannedDay) {
        // A new day, or a restart: what is already past is posted now (stored ones come back as duplicates).
        plannedDay = today;
        plan = planDay(today);
      }
      const events = due(now);
      const hour = Number(hourKey(now, timeZone).slice(11));
      const officeHours =
        hour >= 8 && hour < 16 && weekdayOf(today) >= 1 && weekdayOf(today) <= 5 && hasClasses(calendar, today, false);
      if (officeHours) {
        untilTransfer -= elapsedMs * rate;
        while (untilTransfer <= 0) {
          untilTransfer += (20 + random() * 40) * MINUTE;
          const school = schools[Math.floor(random() * schools.length)]!;
          const roll = Math.max(1, pupils.get(school.id)! + (random() < 0.5 ? 1 : -1));
          pupils.set(school.id, roll);
          events.push({
            domain: 'education',
            kind: 'education.school-updated',
            id: `sim-edu-${run}-transfer-${++transfers}`,
            time: now,
            source: 'simulator',
            simulated: true,
            data: { schoolId: school.id, pupils: roll },
          });
        }
      }
      return events;
    },
  };
}
