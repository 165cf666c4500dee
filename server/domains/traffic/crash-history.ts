/**
 * Counts of incidents and crashes per local day, kept from 1 January of last year so that this
 * month and this year can be set beside the same period last year (how road safety is reported
 * in Việt Nam: "so với cùng kỳ năm trước"). Each incident counts once, on the day it was first
 * reported; a later report of the same incident corrects its figures instead of adding to them.
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { DomainContext } from '../domain';
import type {
  Breakdown,
  CrashFigures,
  LocalizedText,
  Series,
  TrafficSafety,
  TrafficSummary,
} from '../../protocol/topics';
import { dayKey, lastDays, startOfDay } from '../calendar';
import { INCIDENT_KINDS, type IncidentKind } from './schema';

interface DayTotals extends CrashFigures {
  kinds: Map<IncidentKind, number>;
  /** Crashes per ward code. */
  wards: Map<string, number>;
}

/** What one incident counts for. */
export interface IncidentCount {
  day: string;
  kind: IncidentKind;
  ward: string;
  injuries: number;
  deaths: number;
}

/** How long an incident's figures stay correctable by a later report of the same id. */
const CORRECTABLE_DAYS = 7;
/** Public aggregates that could single out a person hide cells under 5. */
export const SMALLEST_PUBLIC_CELL = 5;
const DAY_MS = 86_400_000;

const zero = (): CrashFigures => ({ crashes: 0, injuries: 0, deaths: 0 });
const addFigures = (sum: CrashFigures, more: CrashFigures | undefined) => {
  if (!more) return;
  sum.crashes += more.crashes;
  sum.injuries += more.injuries;
  sum.deaths += more.deaths;
};
const minus = (a: CrashFigures, b: CrashFigures): CrashFigures => ({
  crashes: a.crashes - b.crashes,
  injuries: a.injuries - b.injuries,
  deaths: a.deaths - b.deaths,
});

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The same date a year earlier; 29 February becomes the 28th. */
export function sameDateLastYear(key: string): string {
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  const day = Math.min(d, daysInMonth(y - 1, m));
  return `${y - 1}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function createCrashHistory(context: DomainContext) {
  const days = new Map<string, DayTotals>();
  const counted = new Map<string, IncidentCount>();

  const totals = (key: string) => {
    let entry = days.get(key);
    if (!entry) days.set(key, (entry = { crashes: 0, injuries: 0, deaths: 0, kinds: new Map(), wards: new Map() }));
    return entry;
  };
  /** The same crash figures per month (`YYYY-MM`), so that a year's sum is twelve lookups. */
  const months = new Map<string, CrashFigures>();
  const add = (entry: IncidentCount, sign: 1 | -1) => {
    const day = totals(entry.day);
    day.kinds.set(entry.kind, (day.kinds.get(entry.kind) ?? 0) + sign);
    if (entry.kind !== 'crash') return;
    const monthKey = entry.day.slice(0, 7);
    let month = months.get(monthKey);
    if (!month) months.set(monthKey, (month = zero()));
    for (const figures of [day, month]) {
      figures.crashes += sign;
      figures.injuries += sign * entry.injuries;
      figures.deaths += sign * entry.deaths;
    }
    day.wards.set(entry.ward, (day.wards.get(entry.ward) ?? 0) + sign);
  };
  /** Adds the figures of the days `from`..`to` of one month (keys `YYYY-MM-DD`) to `sum`. */
  const addDays = (sum: CrashFigures, monthKey: string, from: number, to: number) => {
    for (let d = from; d <= to; d++) addFigures(sum, days.get(`${monthKey}-${String(d).padStart(2, '0')}`));
    return sum;
  };
  const addMonths = (sum: CrashFigures, year: number, untilMonth: number) => {
    for (let m = 1; m < untilMonth; m++) addFigures(sum, months.get(`${year}-${String(m).padStart(2, '0')}`));
    return sum;
  };

  function wardLabel(code: string): LocalizedText {
    const ward = context.fixtures.wardByCode.get(code);
    return ward ? { vi: ward.fullName, en: ward.nameEn } : { vi: code, en: code };
  }

  return {
    snapshot: closureSnapshot(
      1,
      () => ({ days, counted, months }),
      (state) => {
        refill(days, state.days);
        refill(counted, state.counted);
        refill(months, state.months);
      },
    ),
    /** The day an incident already counts on, if it does. */
    countedDay: (id: string) => counted.get(id)?.day,

    /** Replaces what an incident counts for (null: it counts for nothing any more). */
    count(id: string, entry: IncidentCount | null): void {
      const before = counted.get(id);
      if (before) {
        add(before, -1);
        counted.delete(id);
      }
      if (entry) {
        add(entry, 1);
        counted.set(id, entry);
      }
    },

    summary(now: number, activeIncidents: number): TrafficSummary {
      const today = dayKey(now, context.timeZone);
      const lastYear = sameDateLastYear(today);
      const [year, month, day] = today.split('-').map(Number) as [number, number, number];
      const lastYearDay = Number(lastYear.slice(8));
      const monthToDate = addDays(zero(), today.slice(0, 7), 1, day);
      const monthToDateLastYear = addDays(zero(), lastYear.slice(0, 7), 1, lastYearDay);
      const yearToDate = addMonths({ ...monthToDate }, year, month);
      const yearToDateLastYear = addMonths({ ...monthToDateLastYear }, year - 1, month);
      const todays = days.get(today);
      return {
        activeIncidents,
        crashesToday: todays?.crashes ?? 0,
        injuriesToday: todays?.injuries ?? 0,
        deathsToday: todays?.deaths ?? 0,
        monthToDate,
        monthToDateLastYear,
        monthChange: minus(monthToDate, monthToDateLastYear),
        yearToDate,
        yearToDateLastYear,
        yearChange: minus(yearToDate, yearToDateLastYear),
      };
    },

    safety(now: number): TrafficSafety {
      const today = dayKey(now, context.timeZone);
      const recent = lastDays(now, 30, context.timeZone);
      const dayOf = (key: string) => days.get(key);
      const daily: Series = {
        unit: { vi: 'vụ, người', en: 'crashes, people' },
        format: 'number',
        xKind: 'day',
        x: recent,
        lines: [
          {
            key: 'crashes',
            label: { vi: 'Số vụ va chạm', en: 'Crashes' },
            values: recent.map((key) => dayOf(key)?.crashes ?? 0),
          },
          {
            key: 'injuries',
            label: { vi: 'Số người bị thương', en: 'Injured' },
            values: recent.map((key) => dayOf(key)?.injuries ?? 0),
          },
          {
            key: 'deaths',
            label: { vi: 'Số người chết', en: 'Deaths' },
            values: recent.map((key) => dayOf(key)?.deaths ?? 0),
          },
        ],
      };

      const year = Number(today.slice(0, 4));
      const thisMonth = today.slice(0, 7);
      const monthNumbers = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
      const crashesIn = (monthKey: string) => months.get(monthKey)?.crashes ?? 0;
      const monthly: Series = {
        unit: { vi: 'vụ', en: 'crashes' },
        format: 'number',
        xKind: 'month',
        x: monthNumbers.map((m) => `${year}-${m}`),
        lines: [
          {
            key: 'thisYear',
            label: { vi: `Năm ${year}`, en: String(year) },
            values: monthNumbers.map((m) => (`${year}-${m}` <= thisMonth ? crashesIn(`${year}-${m}`) : null)),
          },
          {
            key: 'lastYear',
            label: { vi: `Năm ${year - 1}`, en: String(year - 1) },
            values: monthNumbers.map((m) => crashesIn(`${year - 1}-${m}`)),
          },
        ],
      };

      const kinds = new Map<IncidentKind, number>();
      for (const key of recent)
        for (const [kind, n] of dayOf(key)?.kinds ?? []) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
      const byKind: Breakdown = {
        unit: { vi: 'sự cố', en: 'incidents' },
        format: 'number',
        higherIsBetter: false,
        rows: (Object.keys(INCIDENT_KINDS) as IncidentKind[]).map((kind) => ({
          key: kind,
          label: INCIDENT_KINDS[kind],
          value: kinds.get(kind) ?? 0,
        })),
      };

      const since = dayKey(startOfDay(now, context.timeZone) - 364 * DAY_MS + DAY_MS / 2, context.timeZone);
      const wards = new Map<string, number>();
      for (const [key, day] of days) {
        if (key < since || key > today) continue;
        for (const [ward, n] of day.wards) wards.set(ward, (wards.get(ward) ?? 0) + n);
      }
      const byWard: Breakdown = {
        unit: { vi: 'vụ va chạm', en: 'crashes' },
        format: 'number',
        higherIsBetter: false,
        rows: [...wards]
          .filter(([, n]) => n >= SMALLEST_PUBLIC_CELL)
          .map(([ward, n]) => ({ key: ward, label: wardLabel(ward), value: n })),
      };
      return { daily, monthly, byKind, byWard };
    },

    /** Forgets the days before 1 January last year, and corrections older than a week. */
    prune(now: number): void {
      const today = dayKey(now, context.timeZone);
      const oldestDay = `${Number(today.slice(0, 4)) - 1}-01-01`;
      for (const key of days.keys()) if (key < oldestDay) days.delete(key);
      for (const key of months.keys()) if (key < oldestDay.slice(0, 7)) months.delete(key);
      const oldestCorrectable = dayKey(now - CORRECTABLE_DAYS * DAY_MS, context.timeZone);
      for (const [id, entry] of counted) if (entry.day < oldestCorrectable) counted.delete(id);
    },
  };
}
