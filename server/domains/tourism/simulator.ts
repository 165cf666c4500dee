/**
 * Simulated tourism: gate counters at the attractions send their running count of the hour every
 * few minutes and the final one when the hour ends; each morning the city's accommodation and
 * revenue of the night before come in. The seed gives the official monthly figures of the two
 * years before the counted period, then hourly counts from the start of last month, so that the
 * 30 days, the 24 months and the same month last year are all there on a fresh wall.
 */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';
import { addDays, addMonths, dayKey, daysInMonth, hourKey, localTime } from '../calendar';
import { loadAttractions } from './aggregator';
import { expectedDaily, expectedOccupancy, hourShare, loadSeasons, openHours } from './seasons';
import type { AttractionDefinition } from './schema';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Months of official figures before the counted period: 24 on the chart and last year's same month. */
const SEED_MONTHS = 26;
/** The night's figures come in at this local hour the next morning. */
const MORNING_REPORT_HOUR = 9;

interface LiveHour {
  hour: string;
  domestic: number;
  international: number;
  postedDomestic: number;
  postedInternational: number;
  nextPostAt: number;
  /** The hour a restarted simulator joined in the middle of: the store already has its count. */
  skip: boolean;
}

export function createTourismSimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const { timeZone } = context;
  const attractions = loadAttractions(context);
  const seasons = loadSeasons(context);
  const run = Math.floor(random() * 36 ** 6).toString(36);
  const live = new Map<string, LiveHour>();
  /** Visitors counted per day by this simulator; complete only from its first full day on. */
  const visitorsByDay = new Map<string, number>();
  let firstCompleteDay = '';
  let reportedNight = '';
  let count = 0;

  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const poisson = (mean: number): number => {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = random(); p > limit; p *= random()) k++;
    return k;
  };
  const event = (kind: string, id: string, time: number, data: Record<string, unknown>): IngestEvent => ({
    domain: 'tourism',
    kind,
    id,
    time,
    source: 'simulator',
    simulated: true,
    data,
  });
  const visits = (
    attraction: AttractionDefinition,
    hour: string,
    domestic: number,
    international: number,
    time: number,
    id: string,
  ) => event('tourism.visits', id, time, { attractionId: attraction.id, hour, domestic, international });
  const countDay = (day: string, visitors: number) => visitorsByDay.set(day, (visitorsByDay.get(day) ?? 0) + visitors);
  const expectedCityVisitors = (day: string) =>
    attractions.reduce((sum, attraction) => sum + expectedDaily(seasons, attraction, day), 0);

  /** The accommodation and revenue of one night, reported the next morning. */
  function nightReports(night: string, at: number): IngestEvent[] {
    const { accommodation, spending } = seasons;
    const roomsAvailable = accommodation.rooms + Math.round(gaussian() * 15);
    const occupancy = Math.min(0.97, Math.max(0.15, expectedOccupancy(seasons, night) + gaussian() * 0.03));
    const roomsOccupied = Math.round(roomsAvailable * occupancy);
    const guests = Math.round(roomsOccupied * accommodation.guestsPerRoom * (1 + gaussian() * 0.04));
    const guestsInternational = Math.round(guests * accommodation.internationalShare * (0.8 + random() * 0.4));
    const visitors =
      night >= firstCompleteDay && visitorsByDay.has(night) ? visitorsByDay.get(night)! : expectedCityVisitors(night);
    const revenue = (visitors * spending.perVisitorVnd + guests * spending.perGuestNightVnd) * (1 + gaussian() * 0.04);
    return [
      event('tourism.accommodation', `sim-tour-night-${night}`, at, {
        date: night,
        roomsAvailable,
        roomsOccupied,
        guestsDomestic: guests - guestsInternational,
        guestsInternational,
      }),
      event('tourism.revenue', `sim-tour-revenue-${night}`, at + MINUTE, {
        period: night,
        amountVnd: Math.max(0, Math.round(revenue / 1e5) * 1e5),
      }),
    ];
  }

  /** The last night whose report is due by `now` (the night before, once the morning report hour has passed). */
  function dueNight(now: number): string {
    const today = dayKey(now, timeZone);
    return addDays(today, Number(hourKey(now, timeZone).slice(11)) >= MORNING_REPORT_HOUR ? -1 : -2);
  }

  function seedMonths(firstCounted: string): IngestEvent[] {
    const events: IngestEvent[] = [];
    for (let back = SEED_MONTHS; back >= 1; back--) {
      const month = addMonths(firstCounted, -back);
      let domestic = 0;
      let international = 0;
      let revenue = 0;
      for (let d = 1; d <= daysInMonth(month); d++) {
        const day = `${month}-${String(d).padStart(2, '0')}`;
        for (const attraction of attractions) {
          const expected = expectedDaily(seasons, attraction, day);
          international += expected * attraction.internationalShare;
          domestic += expected * (1 - attraction.internationalShare);
        }
        const guests =
          seasons.accommodation.rooms * expectedOccupancy(seasons, day) * seasons.accommodation.guestsPerRoom;
        revenue +=
          expectedCityVisitors(day) * seasons.spending.perVisitorVnd + guests * seasons.spending.perGuestNightVnd;
      }
      const noise = 1 + gaussian() * 0.03;
      // The statistics office publishes a month's figures early the next month.
      const published = localTime(`${addMonths(month, 1)}-05`, 9, 0, timeZone);
      events.push(
        event('tourism.monthly-visitors', `sim-tour-month-${month}`, published, {
          month,
          domestic: Math.round(domestic * noise),
          international: Math.round(international * noise * (0.9 + random() * 0.2)),
        }),
      );
      events.push(
        event('tourism.revenue', `sim-tour-revenue-${month}`, published + MINUTE, {
          period: month,
          amountVnd: Math.round((revenue * noise) / 1e6) * 1e6,
        }),
      );
    }
    return events;
  }

  function seedHours(firstDay: string, now: number): IngestEvent[] {
    const events: IngestEvent[] = [];
    const today = dayKey(now, timeZone);
    for (let day = firstDay; day <= today; day = addDays(day, 1)) {
      for (const attraction of attractions) {
        // Each site has its own good and bad days.
        const expected = expectedDaily(seasons, attraction, day) * Math.max(0.5, 1 + gaussian() * 0.08);
        for (const h of openHours(seasons, attraction)) {
          const start = localTime(day, h, 0, timeZone);
          if (start >= now) break;
          const hour = hourKey(start, timeZone);
          const elapsed = Math.min(1, (now - start) / HOUR);
          const mean = expected * hourShare(seasons, attraction, h) * elapsed;
          const international = poisson(mean * attraction.internationalShare);
          const domestic = poisson(mean * (1 - attraction.internationalShare));
          if (elapsed < 1) {
            // The hour under way: the live steps go on counting it.
            live.set(attraction.id, {
              hour,
              domestic,
              international,
              postedDomestic: domestic,
              postedInternational: international,
              nextPostAt: now + (2 + random() * 2) * MINUTE,
              skip: false,
            });
            if (domestic + international > 0)
              events.push(visits(attraction, hour, domestic, international, now, `sim-tour-${run}-${++count}`));
            continue;
          }
          countDay(day, domestic + international);
          if (domestic + international > 0) {
            events.push(
              visits(
                attraction,
                hour,
                domestic,
                international,
                start + 59 * MINUTE + Math.floor(random() * MINUTE),
                `sim-tour-visits-${attraction.id}-${hour}`,
              ),
            );
          }
        }
      }
    }
    return events;
  }

  return {
    seed(now) {
      // Counted from the 1st of the month that holds the day 31 days ago: always 30 full days.
      const firstDay = `${dayKey(now - 31 * 86_400_000, timeZone).slice(0, 7)}-01`;
      firstCompleteDay = firstDay;
      const events = [...seedMonths(firstDay.slice(0, 7)), ...seedHours(firstDay, now)];
      // Sites closed now, or whose hour starts this very moment, count on from zero.
      for (const attraction of attractions) {
        if (!live.has(attraction.id)) {
          live.set(attraction.id, {
            hour: hourKey(now, timeZone),
            domestic: 0,
            international: 0,
            postedDomestic: 0,
            postedInternational: 0,
            nextPostAt: now + random() * 3 * MINUTE,
            skip: false,
          });
        }
      }
      const lastNight = dueNight(now);
      for (let night = firstDay; night <= lastNight; night = addDays(night, 1)) {
        events.push(
          ...nightReports(
            night,
            localTime(addDays(night, 1), MORNING_REPORT_HOUR, Math.floor(random() * 30), timeZone),
          ),
        );
      }
      reportedNight = lastNight;
      return events;
    },
    step(now, elapsedMs, rate) {
      const events: IngestEvent[] = [];
      const hour = hourKey(now, timeZone);
      const today = hour.slice(0, 10);
      const h = Number(hour.slice(11));
      if (firstCompleteDay === '') firstCompleteDay = addDays(today, 1); // a restart: today is only partly known
      for (const attraction of attractions) {
        let state = live.get(attraction.id);
        if (!state || state.hour !== hour) {
          if (state && !state.skip) {
            // The hour is over: its final count, and it counts for the day's revenue.
            if (state.domestic !== state.postedDomestic || state.international !== state.postedInternational) {
              events.push(
                visits(attraction, state.hour, state.domestic, state.international, now, `sim-tour-${run}-${++count}`),
              );
            }
            countDay(state.hour.slice(0, 10), state.domestic + state.international);
          }
          state = {
            hour,
            domestic: 0,
            international: 0,
            postedDomestic: 0,
            postedInternational: 0,
            nextPostAt: now + random() * 3 * MINUTE,
            skip: !live.has(attraction.id),
          };
          live.set(attraction.id, state);
        }
        if (state.skip) continue;
        const mean =
          expectedDaily(seasons, attraction, today) * hourShare(seasons, attraction, h) * (elapsedMs / HOUR) * rate;
        state.international += poisson(mean * attraction.internationalShare);
        state.domestic += poisson(mean * (1 - attraction.internationalShare));
        const changed = state.domestic !== state.postedDomestic || state.international !== state.postedInternational;
        if (changed && now >= state.nextPostAt) {
          events.push(visits(attraction, hour, state.domestic, state.international, now, `sim-tour-${run}-${++count}`));
          state.postedDomestic = state.domestic;
          state.postedInternational = state.international;
          state.nextPostAt = now + (2 + random() * 2) * MINUTE;
        }
      }
      const night = dueNight(now);
      if (reportedNight === '') reportedNight = addDays(night, -1); // a restart: the nights before were reported
      // Catch up at most a few nights (a suspended laptop), each with the ids a restart would reuse.
      for (let next = addDays(reportedNight, 1), n = 0; next <= night && n < 3; next = addDays(next, 1), n++) {
        events.push(...nightReports(next, now));
        reportedNight = next;
      }
      if (reportedNight < night) reportedNight = night;
      return events;
    },
  };
}
