/**
 * Every domain's simulator, as the simulator feed drives it: the seeded history and ten minutes of
 * live steps must be valid (schema and lifecycle, since ingest refuses a whole batch for one bad
 * event), deterministic for a given PRNG seed, plausible in volume, and apply without throwing.
 */
import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { domains } from './index';
import type { Domain, DomainContext, IngestEvent, StoredEvent } from './domain';
import { loadFixtures } from '../fixtures/fixtures';
import { seededRandom } from '../feeds/simulator/random';
import { RecordingWriter, TIME_ZONE } from '../test-support/domain-harness';
import { dayKey, lastDays } from './calendar';

// 10:00 on 28/11/2026 in Hà Nội.
const START = Date.UTC(2026, 10, 28, 3, 0, 0);
const fixtures = loadFixtures();
const byName = (name: string) => domains.find((domain) => domain.name === name)!;

interface Run {
  seed: IngestEvent[];
  live: IngestEvent[];
  out: RecordingWriter;
  now: number;
}

/** Seeds, then steps once a second for `seconds` (rate `rate`), checking and applying every event as ingest would. */
function run(domain: Domain, prngSeed: number, seconds = 600, rate = 1): Run {
  let now = START;
  const context: DomainContext = { fixtures, timeZone: TIME_ZONE, now: () => now };
  const simulator = domain.createSimulator(context, seededRandom(prngSeed));
  const aggregator = domain.createAggregator(context);
  const validators = new Map(Object.entries(domain.events).map(([kind, schema]) => [kind, Compile(schema)]));
  const out = new RecordingWriter();
  const ids = new Set<string>();
  let seq = 0;

  const ingest = (events: IngestEvent[], at: number) => {
    // The feed posts a step's events in one request: the state check sees them in order.
    const conflict = aggregator.check?.(events.map((event) => ({ kind: event.kind, data: event.data })));
    if (conflict) throw new Error(`${domain.name}: refused ${JSON.stringify(events[conflict.index])}: ${conflict.en}`);
    for (const event of events) {
      expect(event.domain).toBe(domain.name);
      const validator = validators.get(event.kind);
      if (!validator) throw new Error(`${domain.name}: unknown kind ${event.kind}`);
      if (!validator.Check(event.data))
        throw new Error(
          `${event.kind} ${JSON.stringify(event.data)}: ${JSON.stringify(validator.Errors(event.data)[0])}`,
        );
      expect(event).toMatchObject({ source: 'simulator', simulated: true });
      expect(typeof event.time).toBe('number');
      expect(event.time as number).toBeLessThanOrEqual(at);
      expect(event.id).toMatch(/^sim-/);
      expect(ids.has(event.id!), `duplicate id ${event.id}`).toBe(false);
      ids.add(event.id!);
      const stored: StoredEvent = {
        seq: ++seq,
        domain: event.domain,
        kind: event.kind,
        time: event.time as number,
        source: 'simulator',
        simulated: true,
        idempotencyKey: event.id ?? null,
        data: event.data,
      };
      aggregator.apply(stored, out);
    }
  };

  // The feed posts the history oldest first.
  const seed = simulator.seed(now).sort((a, b) => (a.time as number) - (b.time as number));
  ingest(seed, now);
  aggregator.tick(now, out);
  const live: IngestEvent[] = [];
  for (let second = 1; second <= seconds; second++) {
    now += 1000;
    const events = simulator.step(now, 1000, rate);
    ingest(events, now);
    live.push(...events);
    aggregator.flush(out);
    aggregator.tick(now, out);
  }
  return { seed, live, out, now };
}

const countKinds = (events: IngestEvent[]) => {
  const counts: Record<string, number> = {};
  for (const event of events) counts[event.kind] = (counts[event.kind] ?? 0) + 1;
  return counts;
};

describe('simulators', () => {
  it.each(domains.map((domain) => [domain.name]))(
    '%s: seed and 10 minutes of steps are valid for several PRNG seeds and apply without throwing',
    (name) => {
      for (const prngSeed of [1, 2, 3, 7, 42]) run(byName(name), prngSeed);
    },
    // Five whole seeds, each validated event by event: reports' 30 days (the baseline of "Needs
    // attention") take their time on a loaded 2-core machine.
    60_000,
  );

  it.each(domains.map((domain) => [domain.name]))(
    '%s: the same PRNG seed gives the same events',
    (name) => {
      const a = run(byName(name), 11, 120);
      const b = run(byName(name), 11, 120);
      expect(b.seed).toEqual(a.seed);
      expect(b.live).toEqual(a.live);
    },
    60_000,
  );

  it('stays valid at a high rate (the city working 20× faster)', () => {
    for (const domain of domains) run(domain, 5, 300, 20);
  }, 90_000);

  it('reports: 30 local days of about 25 reports a day in office hours, moving through the lifecycle, some late, mostly satisfied', () => {
    const { seed, live, out } = run(byName('reports'), 3, 3600);
    const created = seed.filter((event) => event.kind === 'report.created');
    const perDay = new Map<string, number>();
    for (const event of created)
      perDay.set(
        dayKey(event.time as number, TIME_ZONE),
        (perDay.get(dayKey(event.time as number, TIME_ZONE)) ?? 0) + 1,
      );
    // The seed spans the last 30 × 24 h (the baseline of "Needs attention" needs 4 weeks), so it
    // touches 31 local days at most.
    expect(perDay.size).toBeGreaterThanOrEqual(30);
    expect(perDay.size).toBeLessThanOrEqual(31);
    // About 25 a day (fewer at weekends), and perhaps a storm's hundred or two.
    expect(created.length).toBeGreaterThanOrEqual(30 * 15);
    expect(created.length).toBeLessThanOrEqual(30 * 40 + 300);
    const byLocalHour = new Array<number>(24).fill(0);
    for (const event of created)
      byLocalHour[Number(new Date((event.time as number) + 7 * 3_600_000).toISOString().slice(11, 13))]!++;
    expect(byLocalHour.slice(8, 17).reduce((a, b) => a + b, 0)).toBeGreaterThan(
      5 * (byLocalHour[0]! + byLocalHour[1]! + byLocalHour[2]! + byLocalHour[3]!) + 5,
    );
    const seedKinds = countKinds(seed);
    expect(seedKinds['report.status']!).toBeGreaterThan(3 * created.length);
    expect(seedKinds['report.rated']!).toBeGreaterThan(created.length / 2);

    // At rate 1, an hour of a Saturday morning: a report or two at most, and the seeded reports'
    // transitions as they come due.
    const liveKinds = countKinds(live);
    expect(liveKinds['report.created'] ?? 0).toBeLessThanOrEqual(8);
    expect((liveKinds['report.status'] ?? 0) + (liveKinds['report.rated'] ?? 0)).toBeGreaterThanOrEqual(1);

    const summary = out.get('reports.summary');
    expect(summary.total).toBe(created.length + (liveKinds['report.created'] ?? 0));
    // About one report in eight is handled late (more after a storm): overdue ones are few, some days none.
    expect(summary.open).toBeGreaterThan(summary.overdue);
    expect(summary.onTimeRate).toBeGreaterThan(0.75);
    expect(summary.onTimeRate).toBeLessThan(0.97);
    expect(summary.satisfactionRate).toBeGreaterThan(0.65);
    expect(summary.satisfactionRate).toBeLessThan(0.98);
    const daily = out.get('reports.daily').days;
    expect(daily.map((day) => day.date)).toEqual(lastDays(START + 3_600_000, 14, TIME_ZONE));
    expect(daily.slice(0, 13).every((day) => day.received >= 5 && day.resolved >= 1)).toBe(true);
  });

  it('kpi: the months up to now in the seed, then an update every 20–40 s', () => {
    const { seed, live, out } = run(byName('kpi'), 3);
    // The fixtures end with 2026-10 (the custom 15th-to-14th one with 2026-10-15/2026-11-14, GRDP
    // with its 2026-Q3 release); the seed adds the period today (28 November) falls in for each
    // monthly indicator, and nothing for GRDP: the fourth quarter is released after it ends.
    expect(seed.map((event) => (event.data as { period: string }).period).sort()).toEqual([
      ...Array(5).fill('2026-11'),
      '2026-11-15/2026-12-14',
    ]);
    expect(live.length).toBeGreaterThanOrEqual(14);
    expect(live.length).toBeLessThanOrEqual(31);
    const values = out.get('kpi.values');
    expect(values).toHaveLength(7);
    expect(
      values.every(
        (kpi) =>
          (kpi.period === '2026-11' || kpi.period === '2026-11-15/2026-12-14' || kpi.period === '2026-Q3') &&
          kpi.target !== null &&
          kpi.previous !== null &&
          kpi.history.length === 12,
      ),
    ).toBe(true);
  });

  it('traffic: crash history back to 1 January last year, incidents every 4–10 minutes, roads observed every 5 s', () => {
    const { seed, live, out } = run(byName('traffic'), 3, 3600);
    const seededIncidents = seed.filter((event) => event.kind === 'traffic.incident');
    const crashDays = new Set(
      seededIncidents
        .filter((e) => (e.data as { kind: string }).kind === 'crash')
        .map((e) => dayKey(e.time as number, TIME_ZONE)),
    );
    // From 1/1/2025 to 28/11/2026 (697 days), about 90 crashes a year and 3–7 other incidents a day for 30 days.
    expect([...crashDays].sort()[0]!.slice(0, 7)).toBe('2025-01');
    expect(crashDays.size).toBeGreaterThan(100);
    expect(seededIncidents.length).toBeGreaterThan(697 * 0.18 + 30 * 3);
    expect(seededIncidents.length).toBeLessThan(697 * 0.35 + 30 * 7);
    const summary = out.get('traffic.summary');
    for (const figures of [summary.yearToDate, summary.yearToDateLastYear]) {
      expect(figures.crashes).toBeGreaterThan(50);
      expect(figures.crashes).toBeLessThan(140);
      expect(figures.deaths).toBeGreaterThan(10);
      expect(figures.injuries).toBeGreaterThan(figures.crashes * 0.6);
    }
    expect(summary.monthToDateLastYear.crashes).toBeGreaterThan(0);
    expect(summary.activeIncidents).toBe(out.get('traffic.incidents').length);
    const safety = out.get('traffic.safety');
    expect(safety.byWard.rows.length).toBeGreaterThanOrEqual(4);
    expect(safety.byWard.rows.every((row) => row.value >= 5)).toBe(true);
    expect(safety.byKind.rows.every((row) => row.value > 0)).toBe(true);

    const liveKinds = countKinds(live);
    expect(liveKinds['traffic.incident']).toBeGreaterThanOrEqual(6);
    expect(liveKinds['traffic.incident']).toBeLessThanOrEqual(15);
    expect(liveKinds['traffic.cleared']).toBeGreaterThanOrEqual(liveKinds['traffic.incident']! - 6);
    expect(liveKinds['traffic.flow-observed']).toBe(720);
    // 10:00 to 11:00 on a weekday: every key road on the map, busy but moving.
    const flow = out.get('traffic.flow');
    expect(flow.length).toBe(seed.filter((event) => event.kind === 'traffic.flow-observed').length);
    expect(flow.every((segment) => segment.level === 'free' || segment.level === 'moderate')).toBe(true);
  });

  it('social: two days of posts in the seed, more by day than by night; a post every few minutes live', () => {
    const { seed, live, out } = run(byName('social'), 3, 3600);
    // 48 hours at 0.7–1.3 × about 19 posts an hour.
    expect(seed.length).toBeGreaterThanOrEqual(48 * 12);
    expect(seed.length).toBeLessThanOrEqual(48 * 26);
    const byLocalHour = new Array<number>(24).fill(0);
    for (const event of seed)
      byLocalHour[Number(new Date((event.time as number) + 7 * 3_600_000).toISOString().slice(11, 13))]!++;
    expect(byLocalHour[20]!).toBeGreaterThan(byLocalHour[3]! * 3);
    // 10:00–11:00 at rate 1: about 28 an hour.
    expect(live.length).toBeGreaterThanOrEqual(12);
    expect(live.length).toBeLessThanOrEqual(50);
    const summary = out.get('social.summary');
    expect(summary.mentionsToday).toBeGreaterThan(100);
    expect(summary.mentionsYesterdaySameTime).toBeGreaterThan(100);
    // Every hour has posts (the current one has only just begun).
    expect(summary.hourly.lines[0]!.values.slice(0, 23).every((value) => value !== null && value > 0)).toBe(true);
    expect(summary.trending.rows.length).toBe(10);
    expect(summary.negativeShare).toBeGreaterThan(0.1);
    expect(summary.positiveShare).toBeGreaterThan(0.2);
    // (The hub keeps the latest 50; this writer keeps them all.)
    expect(out.get('social.posts').length).toBeGreaterThan(50);
    // The invented handles and URLs say so.
    for (const event of seed.slice(0, 50)) {
      expect((event.data as { author: string }).author).toMatch(/^(nguoidung_mp_|bao-mo-phong-)/);
      expect((event.data as { url: string }).url).toMatch(/^https:\/\/mo-phong\.invalid\//);
    }
  });

  it('security: 14 months of history (daily statistics, then 14 days of incidents), incidents and status changes live', () => {
    const { seed, live, out } = run(byName('security'), 3, 3 * 3600);
    const kinds = countKinds(seed);
    expect(kinds['security.daily-stats']).toBe(416);
    expect(kinds['security.incident']!).toBeGreaterThanOrEqual(14 * 20);
    expect(kinds['security.incident']!).toBeLessThanOrEqual(14 * 45);
    expect(kinds['security.incident-updated']!).toBeGreaterThan(2 * kinds['security.incident']!);
    const liveKinds = countKinds(live);
    // Three hours of a weekday morning: an incident every half hour or so, and status changes.
    expect(liveKinds['security.incident']).toBeGreaterThanOrEqual(2);
    expect(liveKinds['security.incident']).toBeLessThanOrEqual(15);
    expect(liveKinds['security.incident-updated']).toBeGreaterThanOrEqual(5);
    const summary = out.get('security.summary');
    expect(summary.monthToDate).toBeGreaterThan(27 * 20);
    expect(summary.monthPrevYearSameDays).toBeGreaterThan(27 * 20);
    expect(summary.changeVsLastYear).toBeGreaterThan(-0.35);
    expect(summary.changeVsLastYear).toBeLessThan(0.2);
    expect(summary.monthly.lines[0]!.values.every((value) => value !== null && value > 400)).toBe(true);
    expect(summary.daily.lines[0]!.values.slice(0, 29).every((value) => value !== null && value > 5)).toBe(true);
    expect(summary.open).toBeGreaterThan(0);
    const points = out.get('security.incidents');
    expect(points.length).toBeGreaterThan(30);
    expect(points.length).toBeLessThanOrEqual(200);
    const publicSummary = out.get('security.public-summary');
    expect(publicSummary.throughDay).toBe('2026-11-27');
    expect(publicSummary.monthPrevYearSameDays).toBeGreaterThan(0);
    expect(publicSummary.monthly.lines[0]!.values.every((value) => value !== null && value > 0)).toBe(true);
  });

  it('announcements: 4–6 valid now after the seed, no emergency, a new one now and then', () => {
    const { seed, live, out } = run(byName('announcements'), 3);
    expect(seed.length).toBeGreaterThanOrEqual(4);
    expect(seed.length).toBeLessThanOrEqual(6);
    expect(out.get('ticker.items').length).toBeGreaterThanOrEqual(4);
    expect(out.get('alerts.emergency')).toEqual({ active: null });
    expect(live.length).toBeGreaterThanOrEqual(1);
    expect(live.length).toBeLessThanOrEqual(6);
  });
});
