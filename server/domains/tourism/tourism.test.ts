import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tourismDomain } from './index';
import { domainHarness, RecordingWriter, TIME_ZONE } from '../../test-support/domain-harness';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { loadFixtures } from '../../fixtures/fixtures';
import { seededRandom } from '../../feeds/simulator/random';
import { addDays, dayKey, hourKey, lastDays, weekdayOf } from '../calendar';
import { crowdingTone } from './aggregator';
import { loadSeasons, peakOn } from './seasons';
import type { DomainContext, IngestEvent } from '../domain';
import type { AttractionsFixture } from './schema';
import type { MapPoint, TopicName, TourismSummary } from '../../protocol/topics';

const HOUR = 3_600_000;
// Wednesday 11/11/2026, 15:30 in Hà Nội: ten days of the month are complete.
const T0 = Date.UTC(2026, 10, 11, 8, 30, 0);
const fixtures = loadFixtures();
const attractions = fixtures.readJson<AttractionsFixture>('tourism/attractions.json').attractions;

const visits = (attractionId: string, domestic: number, international: number, hour?: string) => ({
  attractionId,
  domestic,
  international,
  ...(hour ? { hour } : {}),
});
const night = (
  date: string,
  roomsAvailable: number,
  roomsOccupied: number,
  guestsDomestic: number,
  guestsInternational: number,
) => ({ date, roomsAvailable, roomsOccupied, guestsDomestic, guestsInternational });

function started(now = T0) {
  const h = domainHarness(tourismDomain, now);
  h.tick();
  const summary = (): TourismSummary => h.out.get('tourism.summary');
  const point = (id: string) => h.out.get('tourism.attractions').find((p) => p.id === id)!;
  return { h, summary, point };
}

function checker(now = T0) {
  const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => now };
  const aggregator = tourismDomain.createAggregator(context);
  return (kind: string, data: Record<string, unknown>) => aggregator.check!([{ kind, data }]);
}

describe('tourism: schemas', () => {
  it('accepts visits, nights, revenue and monthly figures, and names the bad field', () => {
    const h = domainHarness(tourismDomain, T0);
    expect(h.errors('tourism.visits', visits('tam-thanh', 120, 6))).toEqual([]);
    expect(h.errors('tourism.visits', visits('tam-thanh', 120, 6, '2026-11-11T09'))).toEqual([]);
    expect(h.errors('tourism.visits', visits('tam-thanh', 120, 6, '2026-11-11T24'))[0]).toMatch(/^\/hour /);
    expect(h.errors('tourism.visits', visits('tam-thanh', 120, 6, '2026-11-11 09:00'))[0]).toMatch(/^\/hour /);
    expect(h.errors('tourism.visits', visits('Động Tam Thanh', 1, 0))[0]).toMatch(/^\/attractionId /);
    expect(h.errors('tourism.visits', visits('tam-thanh', -1, 0))).toEqual(['/domestic must be >= 0']);
    expect(h.errors('tourism.visits', visits('tam-thanh', 1, 0.5))[0]).toMatch(/^\/international /);
    expect(h.errors('tourism.visits', { ...visits('tam-thanh', 1, 0), passport: 'C1234567' }).join()).toMatch(
      /additional/,
    );

    expect(h.errors('tourism.accommodation', night('2026-11-10', 2650, 1400, 2200, 140))).toEqual([]);
    expect(h.errors('tourism.accommodation', night('2026-11-10', 0, 0, 0, 0))).toEqual([
      '/roomsAvailable must be >= 1',
    ]);
    expect(
      h.errors('tourism.accommodation', { ...night('2026-11-10', 2650, 1400, 2200, 140), date: '10/11/2026' })[0],
    ).toMatch(/^\/date /);
    expect(
      h
        .errors('tourism.accommodation', {
          date: '2026-11-10',
          roomsAvailable: 10,
          roomsOccupied: 1,
          guestsDomestic: 1,
        })
        .join(),
    ).toMatch(/guestsInternational/);

    expect(h.errors('tourism.revenue', { period: '2026-11-10', amountVnd: 5_000_000_000 })).toEqual([]);
    expect(h.errors('tourism.revenue', { period: '2026-11', amountVnd: 150_000_000_000 })).toEqual([]);
    expect(h.errors('tourism.revenue', { period: '2026-13', amountVnd: 1 })[0]).toMatch(/^\/period /);
    expect(h.errors('tourism.revenue', { period: '2026', amountVnd: 1 })[0]).toMatch(/^\/period /);
    expect(h.errors('tourism.revenue', { period: '2026-11', amountVnd: 1.5 })[0]).toMatch(/^\/amountVnd /);
    expect(h.errors('tourism.revenue', { period: '2026-11', amountVnd: -1 })).toEqual(['/amountVnd must be >= 0']);

    expect(h.errors('tourism.monthly-visitors', { month: '2025-11', domestic: 130_000, international: 6_000 })).toEqual(
      [],
    );
    expect(h.errors('tourism.monthly-visitors', { month: '2025-11-01', domestic: 1, international: 1 })[0]).toMatch(
      /^\/month /,
    );
  });

  it('refuses what the attractions and the clock make impossible, naming the field', () => {
    const check = checker();
    expect(check('tourism.visits', visits('tam-thanh', 1, 0, '2026-11-11T15'))).toBeNull();
    expect(check('tourism.visits', visits('vinh-ha-long', 1, 0))).toMatchObject({ field: 'attractionId' });
    expect(check('tourism.visits', visits('tam-thanh', 1, 0, '2026-11-11T16'))).toMatchObject({
      field: 'hour',
      en: expect.stringContaining('future'),
    });
    expect(check('tourism.visits', visits('tam-thanh', 1, 0, '2026-02-30T10'))).toMatchObject({
      field: 'hour',
      en: expect.stringContaining('not a day'),
    });
    expect(check('tourism.visits', visits('tam-thanh', 1, 0, '2026-07-01T10'))).toMatchObject({
      field: 'hour',
      en: expect.stringContaining('tourism.monthly-visitors'),
    });
    expect(check('tourism.accommodation', night('2026-11-10', 100, 101, 150, 0))).toMatchObject({
      field: 'roomsOccupied',
    });
    expect(check('tourism.accommodation', night('2026-11-12', 100, 50, 80, 0))).toMatchObject({ field: 'date' });
    expect(check('tourism.revenue', { period: '2026-12', amountVnd: 1 })).toMatchObject({ field: 'period' });
    expect(check('tourism.revenue', { period: '2026-11-12', amountVnd: 1 })).toMatchObject({ field: 'period' });
    expect(check('tourism.revenue', { period: '2026-11-11', amountVnd: 1 })).toBeNull();
    expect(check('tourism.monthly-visitors', { month: '2026-12', domestic: 1, international: 0 })).toMatchObject({
      field: 'month',
    });
  });
});

describe('tourism: aggregation', () => {
  it('counts visits per hour, a later report of the same hour replacing the earlier one', () => {
    const { h, summary } = started();
    h.apply('tourism.visits', visits('tam-thanh', 100, 4, '2026-11-11T09'));
    h.apply('tourism.visits', visits('tam-thanh', 180, 7, '2026-11-11T09')); // the hour's running count
    h.apply('tourism.visits', visits('tam-thanh', 90, 3, '2026-11-11T10'));
    h.apply('tourism.visits', visits('cho-dong-kinh', 300, 40, '2026-11-11T10'));
    h.apply('tourism.visits', visits('cho-dong-kinh', 200, 10, '2026-11-10T10')); // yesterday
    h.flush();
    expect(summary()).toMatchObject({
      visitorsToday: 180 + 7 + 90 + 3 + 340,
      domesticToday: 180 + 90 + 300,
      internationalToday: 7 + 3 + 40,
    });
    expect(summary().visitorsMonth).toBe(620 + 210);
    const rows = Object.fromEntries(summary().byAttraction.rows.map((row) => [row.key, row]));
    expect(rows['tam-thanh']).toMatchObject({
      value: 280,
      detail: 10,
      label: { vi: 'Động Tam Thanh – Chùa Tam Thanh' },
    });
    expect(rows['cho-dong-kinh']).toMatchObject({ value: 340, detail: 40 });
    expect(rows['ho-phai-loan']).toEqual({
      key: 'ho-phai-loan',
      label: { vi: 'Hồ Phai Loạn', en: 'Phai Loạn Lake' },
      value: 0,
    });
    expect(summary().byAttraction.rows).toHaveLength(attractions.length);
  });

  it('puts a visit without an hour in the city hour of its time: 16:59:59Z counts on the 11th, 17:00:00Z on the 12th', () => {
    const h = domainHarness(tourismDomain, Date.UTC(2026, 10, 11, 16, 59, 59));
    h.apply('tourism.visits', visits('cho-ky-lua', 40, 2)); // the night market, 23:59:59 local
    h.tick(Date.UTC(2026, 10, 11, 16, 59, 59));
    expect(h.out.get('tourism.summary')).toMatchObject({ visitorsToday: 42, visitorsMonth: 42 });
    h.setNow(Date.UTC(2026, 10, 11, 17, 0, 0));
    h.apply('tourism.visits', visits('cho-ky-lua', 5, 0));
    h.tick(Date.UTC(2026, 10, 11, 17, 0, 0));
    expect(h.out.get('tourism.summary')).toMatchObject({ visitorsToday: 5, visitorsMonth: 47 });
    const daily = h.out.get('tourism.summary').daily;
    expect(daily.x.slice(-2)).toEqual(['2026-11-11', '2026-11-12']);
    expect(daily.lines.find((line) => line.key === 'domestic')!.values.slice(-2)).toEqual([40, 5]);
    expect(daily.lines.find((line) => line.key === 'international')!.values.slice(-3)).toEqual([null, 2, 0]);
  });

  it('compares the month with the same month last year: pro rata of last year’s monthly figure', () => {
    const { h, summary } = started();
    // Ten complete days of 100 visitors, and today's 500 (not compared: the day is not over).
    for (let day = 1; day <= 10; day++)
      h.apply('tourism.visits', visits('nhi-thanh', 95, 5, `2026-11-${String(day).padStart(2, '0')}T10`));
    h.apply('tourism.visits', visits('nhi-thanh', 500, 0, '2026-11-11T10'));
    h.apply('tourism.monthly-visitors', { month: '2025-11', domestic: 2_300, international: 100 });
    h.apply('tourism.monthly-visitors', { month: '2025-10', domestic: 9_999, international: 1 }); // another month: ignored here
    h.flush();
    // Last year's November (2,400) over 30 days gives 800 for the first ten: 1,000 is 25 % more.
    expect(summary()).toMatchObject({ visitorsMonth: 1_500, visitorsMonthPrevYear: 2_400 });
    expect(summary().visitorsMonthChange).toBeCloseTo(0.25, 12);
  });

  it('compares with last year’s daily counts when the city has them, day for day', () => {
    const { h, summary } = started();
    for (let day = 1; day <= 10; day++)
      h.apply('tourism.visits', visits('nhi-thanh', 100, 0, `2026-11-${String(day).padStart(2, '0')}T10`));
    // Last year: 80 a day, and a crowd on the 20th that the first ten days must not see.
    for (let day = 1; day <= 30; day++)
      h.apply(
        'tourism.visits',
        visits('nhi-thanh', day === 20 ? 5_000 : 80, 0, `2025-11-${String(day).padStart(2, '0')}T10`),
      );
    h.flush();
    expect(summary().visitorsMonthPrevYear).toBe(29 * 80 + 5_000);
    expect(summary().visitorsMonthChange).toBeCloseTo(1_000 / 800 - 1, 12);
  });

  it('has no change on the 1st of the month, nor without last year', () => {
    const first = started(Date.UTC(2026, 11, 1, 3, 0, 0));
    first.h.apply('tourism.monthly-visitors', { month: '2025-12', domestic: 100_000, international: 5_000 });
    first.h.apply('tourism.visits', visits('tam-thanh', 100, 0));
    first.h.flush();
    expect(first.summary()).toMatchObject({
      visitorsMonth: 100,
      visitorsMonthPrevYear: 105_000,
      visitorsMonthChange: null,
    });
    const { h, summary } = started();
    h.apply('tourism.visits', visits('tam-thanh', 100, 0, '2026-11-02T10'));
    h.flush();
    expect(summary()).toMatchObject({ visitorsMonthPrevYear: null, visitorsMonthChange: null });
  });

  it('lets the official monthly figure replace the sum of the counts, and charts 24 months', () => {
    const { h, summary } = started();
    h.apply('tourism.visits', visits('tam-thanh', 100, 0, '2026-10-05T10'));
    h.apply('tourism.visits', visits('tam-thanh', 50, 0, '2026-09-05T10'));
    h.apply('tourism.monthly-visitors', { month: '2026-10', domestic: 120_000, international: 6_000 });
    h.apply('tourism.monthly-visitors', { month: '2024-12', domestic: 90_000, international: 3_000 });
    h.apply('tourism.monthly-visitors', { month: '2024-11', domestic: 1, international: 1 }); // 25 months ago: off the chart
    h.flush();
    const monthly = summary().monthly;
    expect(monthly.xKind).toBe('month');
    expect(monthly.x).toHaveLength(24);
    expect(monthly.x[0]).toBe('2024-12');
    expect(monthly.x.at(-1)).toBe('2026-11');
    const domestic = monthly.lines.find((line) => line.key === 'domestic')!.values;
    const international = monthly.lines.find((line) => line.key === 'international')!.values;
    expect(domestic[0]).toBe(90_000);
    expect(domestic.at(-3)).toBe(50); // September: the sum of its counts
    expect(domestic.at(-2)).toBe(120_000); // October: the official figure, not 100
    expect(international.at(-2)).toBe(6_000);
    expect(domestic.at(-1)).toBeNull(); // November: nothing counted yet
    expect(domestic[5]).toBeNull(); // May 2025: nothing known
  });

  it('sums guest-nights and revenue over the month, and takes occupancy from the latest night', () => {
    const { h, summary } = started();
    h.apply('tourism.accommodation', night('2026-10-31', 2600, 2000, 3000, 200)); // last month
    h.apply('tourism.accommodation', night('2026-11-09', 2650, 1200, 1900, 100));
    h.apply('tourism.accommodation', night('2026-11-10', 2650, 1325, 2100, 150));
    h.apply('tourism.accommodation', night('2026-11-10', 2650, 1378, 2200, 150)); // corrected: replaces
    h.apply('tourism.revenue', { period: '2026-11-09', amountVnd: 4_250_000_000 });
    h.apply('tourism.revenue', { period: '2026-11-10', amountVnd: 5_000_000_000 });
    h.apply('tourism.revenue', { period: '2026-11-10', amountVnd: 5_123_400_000 }); // corrected
    h.apply('tourism.revenue', { period: '2026-10-31', amountVnd: 9_000_000_000 });
    h.flush();
    expect(summary()).toMatchObject({
      overnightStaysMonth: 2000 + 2350,
      occupancyNight: '2026-11-10',
      revenueMonthBillion: 9.37,
    });
    expect(summary().occupancyRate).toBeCloseTo(1378 / 2650, 12);
    h.apply('tourism.revenue', { period: '2026-11', amountVnd: 140_555_000_000 }); // the month's official figure
    h.flush();
    expect(summary().revenueMonthBillion).toBe(140.56);
  });

  it('puts the attractions on the map, sized by today’s visitors and coloured by how crowded they are now', () => {
    expect([0, 100, 299, 300, 449, 450, 900].map((n) => crowdingTone(n, 500))).toEqual([
      'neutral',
      'good',
      'good',
      'fair',
      'fair',
      'bad',
      'bad',
    ]);
    const { h, point } = started(); // 15:30
    h.apply('tourism.visits', visits('tam-thanh', 440, 20, '2026-11-11T14')); // the last hour: 460 of 500
    h.apply('tourism.visits', visits('tam-thanh', 100, 3, '2026-11-11T15'));
    h.apply('tourism.visits', visits('nhi-thanh', 200, 3, '2026-11-11T15')); // 203 of 400
    h.apply('tourism.visits', visits('cho-dong-kinh', 1_150, 84, '2026-11-11T09')); // this morning only
    h.flush();
    expect(point('tam-thanh')).toMatchObject({
      kind: 'attraction',
      kindName: { vi: 'Điểm du lịch', en: 'Attraction' },
      tone: 'bad',
      value: 563,
      lon: 106.7468,
      lat: 21.85557,
      detail: { vi: '563 khách hôm nay · 23 quốc tế', en: '563 visitors today · 23 international' },
    });
    // Fewer than 5 foreign visitors: not singled out.
    expect(point('nhi-thanh')).toMatchObject({
      tone: 'good',
      value: 203,
      detail: { vi: '203 khách hôm nay', en: '203 visitors today' },
    });
    expect(point('cho-dong-kinh')).toMatchObject({
      tone: 'neutral',
      value: 1_234,
      detail: { vi: '1.234 khách hôm nay · 84 quốc tế' },
    });
    expect(
      h.out.get('tourism.summary').byAttraction.rows.find((row) => row.key === 'nhi-thanh')!.detail,
    ).toBeUndefined();
    // At 16:00 the 14:00 hour is no longer "now".
    h.tick(Date.UTC(2026, 10, 11, 9, 0, 0));
    expect(point('tam-thanh').tone).toBe('good');
    // At midnight every site starts the day at zero.
    h.tick(Date.UTC(2026, 10, 11, 17, 0, 0));
    expect(point('tam-thanh')).toMatchObject({ value: 0, tone: 'neutral' });
  });

  it('places the attractions inside their wards, the sourced caves exactly where the POI file says', () => {
    const poi = fixtures.readJson<{
      features: Array<{ properties: { id: string }; geometry: { coordinates: [number, number] } }>;
    }>('geodata/langson-poi.geojson').features;
    const at = (id: string) => poi.find((feature) => feature.properties.id === id)!.geometry.coordinates;
    for (const attraction of attractions) {
      expect(fixtures.wardAt(attraction.lon, attraction.lat)?.code, attraction.name).toBe(attraction.ward);
      if (attraction.approximate) expect(attraction.note, attraction.name).toMatch(/gần đúng|approximate/i);
    }
    const caves = attractions.filter((attraction) => !attraction.approximate);
    expect(caves.map((cave) => cave.id).sort()).toEqual(['nhi-thanh', 'tam-thanh']);
    expect([
      attractions.find((a) => a.id === 'tam-thanh')!.lon,
      attractions.find((a) => a.id === 'tam-thanh')!.lat,
    ]).toEqual(at('poi-02'));
    expect([
      attractions.find((a) => a.id === 'nhi-thanh')!.lon,
      attractions.find((a) => a.id === 'nhi-thanh')!.lat,
    ]).toEqual(at('poi-03'));
  });
});

/** Seeds, then steps every `stepMs` until `until`, applying every event after the domain's state check. */
function simulate(start: number, until: number, stepMs = 10_000, prngSeed = 5, seeded = true) {
  let now = start;
  const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => now };
  const simulator = tourismDomain.createSimulator(context, seededRandom(prngSeed));
  const aggregator = tourismDomain.createAggregator(context);
  const out = new RecordingWriter();
  let seq = 0;
  const ingest = (events: IngestEvent[]) => {
    expect(aggregator.check!(events.map((e) => ({ kind: e.kind, data: e.data })))).toBeNull();
    for (const e of events)
      aggregator.apply(
        {
          seq: ++seq,
          domain: 'tourism',
          kind: e.kind,
          time: e.time as number,
          source: 'simulator',
          simulated: true,
          idempotencyKey: e.id ?? null,
          data: e.data,
        },
        out,
      );
  };
  const seed = seeded ? simulator.seed(now).sort((a, b) => (a.time as number) - (b.time as number)) : [];
  ingest(seed);
  aggregator.tick(now, out);
  const live: IngestEvent[] = [];
  while (now < until) {
    now += stepMs;
    const events = simulator.step(now, stepMs, 1);
    live.push(...events);
    ingest(events);
    aggregator.tick(now, out);
  }
  return { seed, live, out, summary: () => out.get('tourism.summary') as TourismSummary };
}

describe('tourism: simulator', () => {
  const seasons = loadSeasons({ fixtures, timeZone: TIME_ZONE, now: () => 0 });

  it('seeds two years of monthly figures, then full days: 30 days, 24 months and last year’s month are there', () => {
    const { seed, summary } = simulate(T0, T0);
    const months = seed
      .filter((e) => e.kind === 'tourism.monthly-visitors')
      .map((e) => (e.data as { month: string }).month);
    expect(months).toHaveLength(26);
    expect(months.at(-1)).toBe('2026-09'); // counted from 1 October on (31 days before 11 November)
    const s = summary();
    expect(s.daily.lines.every((line) => line.values.every((value) => value !== null))).toBe(true);
    expect(s.monthly.lines.every((line) => line.values.every((value) => value !== null))).toBe(true);
    expect(s.visitorsMonthPrevYear).not.toBeNull();
    expect(Math.abs(s.visitorsMonthChange!)).toBeLessThan(0.25);
    // About 40 % of the province's 4.2 million a year: 100,000–200,000 a month, a few % foreign.
    const monthly = s.monthly.lines[0]!.values.slice(0, -1).map((v, i) => v! + s.monthly.lines[1]!.values[i]!);
    for (const total of monthly) {
      expect(total).toBeGreaterThan(100_000);
      expect(total).toBeLessThan(220_000);
    }
    expect(s.internationalToday / s.visitorsToday).toBeGreaterThan(0.02);
    expect(s.internationalToday / s.visitorsToday).toBeLessThan(0.12);
    expect(s.occupancyRate).toBeGreaterThan(0.3);
    expect(s.occupancyRate).toBeLessThan(0.95);
    expect(s.occupancyNight).toBe('2026-11-10');
    expect(s.revenueMonthBillion).toBeGreaterThan(30); // ten nights reported, 3–8 billion each
    expect(s.revenueMonthBillion).toBeLessThan(90);
    expect(s.overnightStaysMonth).toBeGreaterThan(10 * 1_200);
  });

  it('makes weekends and holidays busier than weekdays', () => {
    const { summary } = simulate(Date.UTC(2026, 4, 20, 3, 0, 0), Date.UTC(2026, 4, 20, 3, 0, 0)); // 20/05/2026
    const s = summary();
    const total = (day: string) => {
      const i = s.daily.x.indexOf(day);
      return s.daily.lines[0]!.values[i]! + s.daily.lines[1]!.values[i]!;
    };
    const days = s.daily.x.slice(0, -1);
    const ordinary = days.filter((day) => !peakOn(seasons, day));
    const mean = (list: string[]) => list.reduce((a, day) => a + total(day), 0) / list.length;
    const weekend = mean(ordinary.filter((day) => weekdayOf(day) === 0 || weekdayOf(day) === 6));
    const weekday = mean(ordinary.filter((day) => weekdayOf(day) >= 1 && weekdayOf(day) <= 4));
    expect(weekend).toBeGreaterThan(1.6 * weekday);
    // 30 April – 3 May 2026: the long holiday beats any ordinary weekend.
    const holiday = mean(['2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03']);
    expect(holiday).toBeGreaterThan(weekend * 1.05);
  });

  it('sends running counts every few minutes in opening hours and the final count when the hour ends', () => {
    const start = Date.UTC(2026, 10, 11, 2, 5, 0); // 09:05
    const { live, summary } = simulate(start, start + 2 * HOUR, 10_000);
    const counts = live.filter((e) => e.kind === 'tourism.visits');
    // Seven sites, each every 2–4 minutes: 2 hours make 200–450 posts.
    expect(counts.length).toBeGreaterThan(200);
    expect(counts.length).toBeLessThan(450);
    const tamThanh = counts
      .filter((e) => (e.data as { attractionId: string }).attractionId === 'tam-thanh')
      .map((e) => e.data as { hour: string; domestic: number });
    // Within an hour the running count only grows.
    for (let i = 1; i < tamThanh.length; i++) {
      if (tamThanh[i]!.hour === tamThanh[i - 1]!.hour)
        expect(tamThanh[i]!.domestic).toBeGreaterThanOrEqual(tamThanh[i - 1]!.domestic);
    }
    expect(new Set(tamThanh.map((c) => c.hour))).toEqual(new Set(['2026-11-11T09', '2026-11-11T10', '2026-11-11T11']));
    expect(summary().visitorsToday).toBeGreaterThan(1_000);
  });

  it('reports the night and its revenue the next morning, once', () => {
    const start = Date.UTC(2026, 10, 11, 1, 0, 0); // 08:00
    const { seed, live, summary } = simulate(start, start + 2 * HOUR, 60_000);
    expect(seed.some((e) => e.id === 'sim-tour-night-2026-11-09')).toBe(true);
    expect(seed.some((e) => e.id === 'sim-tour-night-2026-11-10')).toBe(false); // not before 09:00
    const nights = live.filter((e) => e.kind === 'tourism.accommodation');
    expect(nights.map((e) => e.id)).toEqual(['sim-tour-night-2026-11-10']);
    expect(live.filter((e) => e.kind === 'tourism.revenue').map((e) => e.id)).toEqual(['sim-tour-revenue-2026-11-10']);
    expect(summary().occupancyNight).toBe('2026-11-10');
  });

  it('after a restart (no seed) leaves the hour under way alone instead of counting it again from zero', () => {
    const start = Date.UTC(2026, 10, 11, 2, 30, 0); // 09:30
    const { live } = simulate(start, start + HOUR, 10_000, 9, false);
    const counts = live.filter((e) => e.kind === 'tourism.visits').map((e) => (e.data as { hour: string }).hour);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((hour) => hour === '2026-11-11T10')).toBe(true);
    // Last night's figures are posted again with the ids of the first run: ingest keeps the stored ones.
    expect(live.filter((e) => e.kind === 'tourism.accommodation').map((e) => e.id)).toEqual([
      'sim-tour-night-2026-11-10',
    ]);
  });

  it('never reports a day, an hour or a month ahead of the city clock', () => {
    const start = Date.UTC(2026, 10, 30, 16, 50, 0); // 23:50 on the last day of the month
    const { seed, live } = simulate(start, start + 30 * 60_000, 10_000);
    const city = (ms: number) => ({ day: dayKey(ms, TIME_ZONE), hour: hourKey(ms, TIME_ZONE) });
    for (const e of [...seed, ...live]) {
      const at = city(e.time as number);
      const data = e.data as { hour?: string; date?: string; period?: string; month?: string };
      if (data.hour) expect(data.hour <= at.hour, e.id).toBe(true);
      if (data.date) expect(data.date < at.day, e.id).toBe(true);
      if (data.month) expect(data.month < at.day.slice(0, 7), e.id).toBe(true);
    }
    expect(lastDays(start, 2, TIME_ZONE)).toEqual(['2026-11-29', '2026-11-30']);
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
  });
});

describe('tourism: topics over Socket.IO', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ now: () => T0 });
  });
  afterAll(async () => {
    await app.dispose();
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 80));
  const snapshot = async (socket: Awaited<ReturnType<TestApp['connect']>>, topic: TopicName) => {
    const ack = await app.subscribe(socket, { topic });
    if (!ack.ok || ack.mode !== 'snapshot') throw new Error(`no snapshot of ${topic}: ${JSON.stringify(ack)}`);
    return ack.snapshot.data as unknown;
  };

  it('refuses bad figures with 400 or 409 naming the field, and stores nothing', async () => {
    const before = app.ioc.store.count();
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ['tourism.visits', visits('tam-thanh', -5, 0), 400, 'events[0].data.domestic'],
      ['tourism.visits', { ...visits('tam-thanh', 5, 0), visitorName: 'Lý Văn D' }, 400, 'events[0].data.visitorName'],
      ['tourism.visits', visits('tam-thanh', 5, 0, '2026-11-11T25'), 400, 'events[0].data.hour'],
      ['tourism.visits', visits('vinh-ha-long', 5, 0), 409, 'events[0].data.attractionId'],
      ['tourism.visits', visits('tam-thanh', 5, 0, '2026-11-11T18'), 409, 'events[0].data.hour'],
      ['tourism.accommodation', night('2026-11-10', 100, 120, 150, 0), 409, 'events[0].data.roomsOccupied'],
      ['tourism.revenue', { period: '2026-11', amountVnd: '5 tỷ' }, 400, 'events[0].data.amountVnd'],
    ];
    for (const [kind, data, status, field] of cases) {
      const response = await app.post({ domain: 'tourism', kind, data });
      expect(response.status, field).toBe(status);
      expect(response.body.field).toBe(field);
      expect(String(response.body.message)).toContain(field);
    }
    expect(app.ioc.store.count()).toBe(before);
  });

  it('gives a public screen the summary and the attractions; internal clients get them too', async () => {
    expect(
      (
        await app.post([
          { domain: 'tourism', kind: 'tourism.visits', data: visits('tam-thanh', 300, 12, '2026-11-11T10') },
          { domain: 'tourism', kind: 'tourism.visits', data: visits('cho-dong-kinh', 500, 45, '2026-11-11T10') },
          { domain: 'tourism', kind: 'tourism.accommodation', data: night('2026-11-10', 2650, 1378, 2200, 150) },
        ])
      ).status,
    ).toBe(200);
    await settle();
    const panel = await app.connect({ screenId: 'panel' });
    const summary = (await snapshot(panel, 'tourism.summary')) as TourismSummary;
    expect(summary).toMatchObject({ visitorsToday: 857, internationalToday: 57, occupancyNight: '2026-11-10' });
    const points = (await snapshot(panel, 'tourism.attractions')) as MapPoint[];
    expect(points).toHaveLength(attractions.length);
    expect(points.find((p) => p.id === 'tam-thanh')).toMatchObject({ value: 312 });
    expect(await app.subscribe(panel, { topic: 'reports.recent' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const leader = await app.connect({ role: 'leader' });
    expect(((await snapshot(leader, 'tourism.summary')) as TourismSummary).visitorsToday).toBe(857);

    const deltas: string[] = [];
    panel.on('topic:delta', (message) => deltas.push(JSON.stringify(message)));
    await app.post({ domain: 'tourism', kind: 'tourism.visits', data: visits('tam-thanh', 350, 12, '2026-11-11T10') });
    await settle();
    expect(deltas.some((d) => d.includes('"topic":"tourism.summary"') && d.includes('"visitorsToday":907'))).toBe(true);
    expect(deltas.some((d) => d.includes('"topic":"tourism.attractions"') && d.includes('tam-thanh'))).toBe(true);
  });
});
