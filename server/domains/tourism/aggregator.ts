/**
 * Tourism: visitors counted at the attractions per hour, the city's accommodation per night,
 * revenue per day or month, and the official monthly visitor figures that give the history.
 * Publishes the public summary (today, this month against the same month last year, 30 days,
 * 24 months, per attraction) and the attractions on the map, sized by today's visitors.
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { Aggregator, DomainContext, StateConflict, StoredEvent, TopicWriter } from '../domain';
import type { Breakdown, MapPoint, Series, Tone, TourismSummary } from '../../protocol/topics';
import { addMonths, dayKey, daysInMonth, hourKey, isRealDay, lastDays, lastMonths } from '../calendar';
import { formatNumber } from '../../protocol/format/format';
import type {
  AttractionDefinition,
  AttractionsFixture,
  TourismAccommodation,
  TourismMonthlyVisitors,
  TourismRevenue,
  TourismVisits,
} from './schema';

const DAY_MS = 86_400_000;
/** Hourly counts are kept this long, so that a correction replaces its hour instead of adding to it… */
const HOURLY_RETENTION_DAYS = 100;
/** …and corrections older than this are refused (a month that old is reported as a monthly figure). */
const MAX_CORRECTION_DAYS = 95;
/** Daily totals, nights and revenue: enough for the same days last year. */
const KEEP_DAYS = 800;
/** A public figure under this is left out: a handful of foreign visitors at a site could be told apart. */
const PUBLIC_MIN_CELL = 5;

interface Counts {
  domestic: number;
  international: number;
}

const totalOf = (counts: Counts | null | undefined) => (counts ? counts.domestic + counts.international : 0);

export function loadAttractions(context: DomainContext): AttractionDefinition[] {
  return context.fixtures.readJson<AttractionsFixture>('tourism/attractions.json').attractions;
}

/** How crowded a site is now: its visitors in the current or the previous hour against its capacity. */
export function crowdingTone(visitorsPerHour: number, capacityPerHour: number): Tone {
  if (visitorsPerHour === 0) return 'neutral';
  const load = visitorsPerHour / capacityPerHour;
  if (load >= 0.9) return 'bad';
  if (load >= 0.6) return 'fair';
  return 'good';
}

export function createTourismAggregator(context: DomainContext): Aggregator {
  const { timeZone } = context;
  const attractions = loadAttractions(context);
  const known = new Set(attractions.map((attraction) => attraction.id));
  /** Hour key → attraction → counts (the latest report of that hour). */
  const hourly = new Map<string, Map<string, Counts>>();
  const dayTotals = new Map<string, Counts>();
  const monthCounted = new Map<string, Counts>();
  const monthReported = new Map<string, Counts>();
  const nights = new Map<string, TourismAccommodation>();
  const revenueDays = new Map<string, number>();
  const revenueMonthCounted = new Map<string, number>();
  const revenueMonthReported = new Map<string, number>();
  let dirty = true;
  let currentHour = '';
  let today = '';

  const add = <K>(map: Map<K, Counts>, key: K, domestic: number, international: number) => {
    const counts = map.get(key) ?? { domestic: 0, international: 0 };
    counts.domestic += domestic;
    counts.international += international;
    map.set(key, counts);
  };

  const monthTotal = (month: string): Counts | null => monthReported.get(month) ?? monthCounted.get(month) ?? null;
  const dayOfMonth = (month: string, day: number) => `${month}-${String(day).padStart(2, '0')}`;

  function countVisits(event: StoredEvent, data: TourismVisits): void {
    if (!known.has(data.attractionId)) return; // kept in the store, counted nowhere
    const hour = data.hour ?? hourKey(event.time, timeZone);
    let cells = hourly.get(hour);
    if (!cells) hourly.set(hour, (cells = new Map()));
    const before = cells.get(data.attractionId) ?? { domestic: 0, international: 0 };
    cells.set(data.attractionId, { domestic: data.domestic, international: data.international });
    const domestic = data.domestic - before.domestic;
    const international = data.international - before.international;
    add(dayTotals, hour.slice(0, 10), domestic, international);
    add(monthCounted, hour.slice(0, 7), domestic, international);
  }

  function countRevenue(data: TourismRevenue): void {
    if (data.period.length === 7) {
      revenueMonthReported.set(data.period, data.amountVnd);
      return;
    }
    const before = revenueDays.get(data.period) ?? 0;
    revenueDays.set(data.period, data.amountVnd);
    const month = data.period.slice(0, 7);
    revenueMonthCounted.set(month, (revenueMonthCounted.get(month) ?? 0) + data.amountVnd - before);
  }

  /**
   * This month's completed days against the same days a year before: exact from last year's
   * daily counts, or last year's monthly figure pro rata when that is what the city has.
   */
  function monthChange(todayKey: string): number | null {
    const month = todayKey.slice(0, 7);
    const completed = Number(todayKey.slice(8, 10)) - 1;
    const lastYear = addMonths(month, -12);
    if (completed === 0 || monthTotal(lastYear) === null) return null;
    let current = 0;
    for (let day = 1; day <= completed; day++) current += totalOf(dayTotals.get(dayOfMonth(month, day)));
    const span = Math.min(completed, daysInMonth(lastYear));
    let base = 0;
    const reported = monthReported.get(lastYear);
    if (reported) base = (totalOf(reported) * span) / daysInMonth(lastYear);
    else for (let day = 1; day <= span; day++) base += totalOf(dayTotals.get(dayOfMonth(lastYear, day)));
    return base > 0 ? current / base - 1 : null;
  }

  function todayByAttraction(todayKey: string): Map<string, Counts> {
    const counts = new Map<string, Counts>();
    for (let hour = 0; hour < 24; hour++) {
      for (const [id, cell] of hourly.get(`${todayKey}T${String(hour).padStart(2, '0')}`) ?? [])
        add(counts, id, cell.domestic, cell.international);
    }
    return counts;
  }

  function summary(now: number): TourismSummary {
    const todayKey = dayKey(now, timeZone);
    const month = todayKey.slice(0, 7);
    const todayCounts = dayTotals.get(todayKey) ?? { domestic: 0, international: 0 };
    let overnightStaysMonth = 0;
    let latestNight: string | null = null;
    for (const [night, report] of nights) {
      if (night.startsWith(month)) overnightStaysMonth += report.guestsDomestic + report.guestsInternational;
      if (night <= todayKey && (latestNight === null || night > latestNight)) latestNight = night;
    }
    const occupancy = latestNight === null ? null : nights.get(latestNight)!;
    const revenueVnd = revenueMonthReported.get(month) ?? revenueMonthCounted.get(month) ?? 0;
    const days = lastDays(now, 30, timeZone);
    const months = lastMonths(now, 24, timeZone);
    const unit = { vi: 'lượt khách', en: 'visitors' };
    const daily: Series = {
      unit,
      format: 'number',
      xKind: 'day',
      x: days,
      lines: [
        {
          key: 'domestic',
          label: { vi: 'Khách nội địa', en: 'Domestic' },
          values: days.map((day) => dayTotals.get(day)?.domestic ?? null),
        },
        {
          key: 'international',
          label: { vi: 'Khách quốc tế', en: 'International' },
          values: days.map((day) => dayTotals.get(day)?.international ?? null),
        },
      ],
    };
    const monthly: Series = {
      unit,
      format: 'number',
      xKind: 'month',
      x: months,
      lines: [
        {
          key: 'domestic',
          label: { vi: 'Khách nội địa', en: 'Domestic' },
          values: months.map((m) => monthTotal(m)?.domestic ?? null),
        },
        {
          key: 'international',
          label: { vi: 'Khách quốc tế', en: 'International' },
          values: months.map((m) => monthTotal(m)?.international ?? null),
        },
      ],
    };
    const perAttraction = todayByAttraction(todayKey);
    const byAttraction: Breakdown = {
      unit,
      format: 'number',
      higherIsBetter: true,
      detailUnit: { vi: 'khách quốc tế', en: 'international visitors' },
      rows: attractions.map((attraction) => {
        const counts = perAttraction.get(attraction.id);
        const international = counts?.international ?? 0;
        return {
          key: attraction.id,
          label: { vi: attraction.name, en: attraction.nameEn },
          value: totalOf(counts),
          ...(international >= PUBLIC_MIN_CELL ? { detail: international } : {}),
        };
      }),
    };
    const lastYear = monthTotal(addMonths(month, -12));
    return {
      visitorsToday: totalOf(todayCounts),
      domesticToday: todayCounts.domestic,
      internationalToday: todayCounts.international,
      visitorsMonth: totalOf(monthTotal(month)),
      visitorsMonthPrevYear: lastYear === null ? null : totalOf(lastYear),
      visitorsMonthChange: monthChange(todayKey),
      overnightStaysMonth,
      revenueMonthBillion: Math.round(revenueVnd / 1e7) / 100,
      occupancyRate: occupancy === null ? null : occupancy.roomsOccupied / occupancy.roomsAvailable,
      occupancyNight: latestNight,
      daily,
      monthly,
      byAttraction,
    };
  }

  function points(now: number): MapPoint[] {
    const todayKey = dayKey(now, timeZone);
    const perAttraction = todayByAttraction(todayKey);
    const thisHour = hourly.get(hourKey(now, timeZone));
    const lastHour = hourly.get(hourKey(now - 3_600_000, timeZone));
    return attractions.map((attraction) => {
      const counts = perAttraction.get(attraction.id);
      const total = totalOf(counts);
      const international = counts?.international ?? 0;
      const busiest = Math.max(totalOf(thisHour?.get(attraction.id)), totalOf(lastHour?.get(attraction.id)));
      const foreign = international >= PUBLIC_MIN_CELL;
      return {
        id: attraction.id,
        lon: attraction.lon,
        lat: attraction.lat,
        label: { vi: attraction.name, en: attraction.nameEn },
        kind: 'attraction',
        kindName: { vi: 'Điểm du lịch', en: 'Attraction' },
        tone: crowdingTone(busiest, attraction.capacityPerHour),
        value: total,
        detail: {
          vi: `${formatNumber(total, 'vi')} khách hôm nay${foreign ? ` · ${formatNumber(international, 'vi')} quốc tế` : ''}`,
          en: `${formatNumber(total, 'en')} visitors today${foreign ? ` · ${formatNumber(international, 'en')} international` : ''}`,
        },
      };
    });
  }

  function publish(now: number, out: TopicWriter): void {
    if (!dirty) return;
    dirty = false;
    // Every attraction is recomputed; the hub sends only those whose figures moved.
    out.set('tourism.summary', summary(now));
    out.upsert('tourism.attractions', points(now));
  }

  function prune(now: number): void {
    const hourCutoff = dayKey(now - HOURLY_RETENTION_DAYS * DAY_MS, timeZone);
    for (const hour of hourly.keys()) if (hour < hourCutoff) hourly.delete(hour);
    const dayCutoff = dayKey(now - KEEP_DAYS * DAY_MS, timeZone);
    for (const map of [dayTotals, nights, revenueDays] as Array<Map<string, unknown>>) {
      for (const day of map.keys()) if (day < dayCutoff) map.delete(day);
    }
  }

  function check(events: ReadonlyArray<{ kind: string; data: unknown }>): StateConflict | null {
    const now = context.now();
    const todayKey = dayKey(now, timeZone);
    const future = (index: number, field: string, key: string, current: string): StateConflict => ({
      index,
      field,
      en: `${key} is in the future (now: ${current})`,
      vi: `${key} là thời điểm trong tương lai (hiện tại: ${current})`,
    });
    const notADay = (index: number, field: string, key: string): StateConflict => ({
      index,
      field,
      en: `${key} is not a day of the calendar`,
      vi: `${key} không phải là ngày có thật`,
    });
    for (let index = 0; index < events.length; index++) {
      const { kind, data } = events[index]!;
      if (kind === 'tourism.visits') {
        const visits = data as TourismVisits;
        if (!known.has(visits.attractionId)) {
          return {
            index,
            field: 'attractionId',
            en: `no attraction ${visits.attractionId} in the city's list`,
            vi: `không có điểm du lịch ${visits.attractionId} trong danh sách của thành phố`,
          };
        }
        if (visits.hour === undefined) continue;
        if (!isRealDay(visits.hour.slice(0, 10))) return notADay(index, 'hour', visits.hour);
        const nowHour = hourKey(now, timeZone);
        if (visits.hour > nowHour) return future(index, 'hour', visits.hour, nowHour);
        if (visits.hour < hourKey(now - MAX_CORRECTION_DAYS * DAY_MS, timeZone)) {
          return {
            index,
            field: 'hour',
            en: `${visits.hour} is more than ${MAX_CORRECTION_DAYS} days ago: report that month with tourism.monthly-visitors`,
            vi: `${visits.hour} đã quá ${MAX_CORRECTION_DAYS} ngày: báo cáo số liệu tháng đó bằng tourism.monthly-visitors`,
          };
        }
      } else if (kind === 'tourism.accommodation') {
        const night = data as TourismAccommodation;
        if (!isRealDay(night.date)) return notADay(index, 'date', night.date);
        if (night.date > todayKey) return future(index, 'date', night.date, todayKey);
        if (night.roomsOccupied > night.roomsAvailable) {
          return {
            index,
            field: 'roomsOccupied',
            en: `${night.roomsOccupied} rooms occupied is more than the ${night.roomsAvailable} available`,
            vi: `${night.roomsOccupied} phòng có khách nhiều hơn ${night.roomsAvailable} phòng hiện có`,
          };
        }
      } else if (kind === 'tourism.revenue') {
        const { period } = data as TourismRevenue;
        if (period.length === 10 && !isRealDay(period)) return notADay(index, 'period', period);
        const current = period.length === 10 ? todayKey : todayKey.slice(0, 7);
        if (period > current) return future(index, 'period', period, current);
      } else if (kind === 'tourism.monthly-visitors') {
        const { month } = data as TourismMonthlyVisitors;
        if (month > todayKey.slice(0, 7)) return future(index, 'month', month, todayKey.slice(0, 7));
      }
    }
    return null;
  }

  const snapshot = closureSnapshot(
    1,
    () => ({
      hourly,
      dayTotals,
      monthCounted,
      monthReported,
      nights,
      revenueDays,
      revenueMonthCounted,
      revenueMonthReported,
      dirty,
      currentHour,
      today,
    }),
    (state) => {
      refill(hourly, state.hourly);
      refill(dayTotals, state.dayTotals);
      refill(monthCounted, state.monthCounted);
      refill(monthReported, state.monthReported);
      refill(nights, state.nights);
      refill(revenueDays, state.revenueDays);
      refill(revenueMonthCounted, state.revenueMonthCounted);
      refill(revenueMonthReported, state.revenueMonthReported);
      ({ dirty, currentHour, today } = state);
    },
  );

  return {
    snapshot,
    check,
    apply(event: StoredEvent) {
      switch (event.kind) {
        case 'tourism.visits':
          countVisits(event, event.data as TourismVisits);
          break;
        case 'tourism.accommodation': {
          const night = event.data as TourismAccommodation;
          nights.set(night.date, night);
          break;
        }
        case 'tourism.revenue':
          countRevenue(event.data as TourismRevenue);
          break;
        case 'tourism.monthly-visitors': {
          const data = event.data as TourismMonthlyVisitors;
          monthReported.set(data.month, { domestic: data.domestic, international: data.international });
          break;
        }
        default:
          return;
      }
      dirty = true;
    },
    flush(out: TopicWriter) {
      publish(context.now(), out);
    },
    tick(now: number, out: TopicWriter) {
      const hour = hourKey(now, timeZone);
      if (hour !== currentHour) {
        // A new hour changes how crowded each site is now; a new day starts "today" at zero.
        currentHour = hour;
        dirty = true;
        if (hour.slice(0, 10) !== today) {
          today = hour.slice(0, 10);
          prune(now);
        }
      }
      publish(now, out);
    },
  };
}
