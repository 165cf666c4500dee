/** Which days a school teaches: the school years and breaks of `fixtures/education/school-calendar.json`. */
import type { DomainContext } from '../domain';
import type { LocalizedText } from '../../protocol/topics';
import { weekdayOf } from '../calendar';

export interface SchoolCalendar {
  schoolYears: Array<{ name: string; from: string; to: string }>;
  breaks: Array<{ from: string; to: string; name: LocalizedText }>;
}

export function loadSchoolCalendar(context: DomainContext): SchoolCalendar {
  return context.fixtures.readJson<SchoolCalendar>('education/school-calendar.json');
}

/** Whether a school has classes on a day (Monday to Friday, and Saturday where it teaches then). */
export function hasClasses(calendar: SchoolCalendar, day: string, saturdayClasses: boolean): boolean {
  const weekday = weekdayOf(day);
  if (weekday === 0 || (weekday === 6 && !saturdayClasses)) return false;
  const first = calendar.schoolYears[0]?.from ?? '';
  const last = calendar.schoolYears.at(-1)?.to ?? '';
  if (day >= first && day <= last) {
    return (
      calendar.schoolYears.some((year) => year.from <= day && day <= year.to) &&
      !calendar.breaks.some((pause) => pause.from <= day && day <= pause.to)
    );
  }
  // Beyond the years the fixture knows: the national pattern, 5 September to 31 May, New Year's Day off.
  const monthDay = day.slice(5);
  return (monthDay >= '09-05' || monthDay <= '05-31') && monthDay !== '01-01';
}
