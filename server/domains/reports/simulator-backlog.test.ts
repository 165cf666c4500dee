/**
 * The reports simulator at its normal rate over 60 simulated days, after its 30-day seed: the
 * city's volume (tens a day, office hours, quiet Sundays), handling that keeps pace (the open
 * backlog the wall shows stays at its level, a surge drains within days) and nearly every report
 * handled within its SLA. The simulator used to make a report every 10–20 s (≈5,800 a day) and
 * the open backlog the wall showed grew by thousands a day.
 */
import { describe, expect, it } from 'vitest';
import { reportsDomain } from './index';
import { createReportsSimulator } from './simulator';
import type { DomainContext, IngestEvent } from '../domain';
import { loadFixtures } from '../../fixtures/fixtures';
import { seededRandom } from '../../feeds/simulator/random';
import { RecordingWriter, TIME_ZONE } from '../../test-support/domain-harness';
import { zoneOffsetMs } from '../calendar';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Midnight starting Monday 5/1/2026 in Hà Nội.
const START = Date.UTC(2026, 0, 4, 17, 0, 0);
const DAYS = 60;
/** A storm on day 31 at 14:00 (days counted from 1): the surge must drain like the rest. */
const SURGE_DAY = 31;
const SURGE_AT = START + (SURGE_DAY - 1) * DAY + 14 * HOUR;

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('reports simulator over 60 days', () => {
  it('makes tens of reports a day in the city’s weekly and daily shape, handles them within their SLA, and its open backlog is stationary', () => {
    let now = START;
    const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => now };
    const slaHours = new Map(
      context.fixtures
        .readJson<{ categories: Array<{ code: string; slaHours: number }> }>('reports/categories.json')
        .categories.map((category) => [category.code, category.slaHours]),
    );
    const simulator = createReportsSimulator(context, seededRandom(2026), { surgeAt: SURGE_AT });
    const aggregator = reportsDomain.createAggregator(context);
    const out = new RecordingWriter();
    let seq = 0;
    const created = new Map<string, { at: number; category: string }>();
    const resolvedAt = new Map<string, number>();
    const endedAt = new Map<string, number>();
    const createdByDay = new Array<number>(DAYS + 1).fill(0);
    const createdByLocalHour = new Array<number>(24).fill(0);
    const createdByWeekday = new Array<number>(7).fill(0);
    let lastEventAt = START;
    let longestQuiet = 0;
    const apply = (events: IngestEvent[]) => {
      for (const event of events) {
        const time = event.time as number;
        if (time >= START) {
          longestQuiet = Math.max(longestQuiet, time - lastEventAt);
          lastEventAt = Math.max(lastEventAt, time);
        }
        const data = event.data as { reportId: string; status?: string; category?: string };
        aggregator.apply(
          {
            seq: ++seq,
            domain: 'reports',
            kind: event.kind,
            time,
            source: 'simulator',
            simulated: true,
            idempotencyKey: event.id ?? null,
            data: event.data,
          },
          out,
        );
        if (event.kind === 'report.created') {
          created.set(data.reportId, { at: time, category: data.category! });
          if (time >= START) {
            createdByDay[Math.floor((time - START) / DAY) + 1]!++;
            const local = new Date(time + zoneOffsetMs(time, TIME_ZONE));
            createdByLocalHour[local.getUTCHours()]!++;
            createdByWeekday[local.getUTCDay()]!++;
          }
        }
        // The first resolution is the one the on-time rate counts.
        if (data.status === 'resolved' && !resolvedAt.has(data.reportId)) resolvedAt.set(data.reportId, time);
        if (data.status === 'closed' || data.status === 'rejected' || data.status === 'duplicate')
          endedAt.set(data.reportId, time);
      }
    };

    apply(simulator.seed(now).sort((a, b) => (a.time as number) - (b.time as number)));
    const openAtDayEnd = [Number.NaN];
    for (let day = 1; day <= DAYS; day++) {
      for (let minute = 0; minute < 24 * 60; minute++) {
        now += MINUTE;
        apply(simulator.step(now, MINUTE, 1));
      }
      aggregator.tick(now, out);
      const open = out.get('reports.summary').open;
      // At the city's scale every day: the old simulator's open reports passed 2,000 on the first.
      expect(open, `open reports at the end of day ${day}`).toBeLessThan(500);
      openAtDayEnd.push(open);
    }

    // Tens a day, fewer at weekends and at night; a storm's day far above the rest, and storms rare.
    const days = createdByDay.slice(1);
    const median = medianOf(days);
    expect(median).toBeGreaterThanOrEqual(15);
    expect(median).toBeLessThanOrEqual(40);
    expect(createdByDay[SURGE_DAY]!).toBeGreaterThan(4 * median);
    expect(days.filter((count) => count > 3 * median).length).toBeLessThanOrEqual(4);
    const [sunday, monday] = [createdByWeekday[0]!, createdByWeekday[1]!];
    expect(sunday).toBeLessThan(0.75 * monday);
    const officeHours = createdByLocalHour.slice(8, 17).reduce((sum, count) => sum + count, 0);
    const night = [22, 23, 0, 1, 2, 3, 4, 5].reduce((sum, hour) => sum + createdByLocalHour[hour]!, 0);
    expect(officeHours).toBeGreaterThan(5 * night);

    // Stationary: the last twenty days' backlog at the level of days 11–30 (medians: a seeded storm
    // may fall in either), and the storm's pile gone within ten days of it.
    const before = medianOf(openAtDayEnd.slice(11, 31));
    expect(before).toBeGreaterThan(20);
    expect(openAtDayEnd[SURGE_DAY]!).toBeGreaterThan(2 * before);
    expect(Math.min(...openAtDayEnd.slice(SURGE_DAY + 5, SURGE_DAY + 11))).toBeLessThan(1.5 * before);
    const after = medianOf(openAtDayEnd.slice(41, 61));
    expect(after).toBeGreaterThan(0.6 * before);
    expect(after).toBeLessThan(1.5 * before);

    // Quiet nights are normal: no reports topic is shown stale (dimmed, with its age) for one.
    const quietestAllowed = Math.min(
      ...reportsDomain.topics.filter((topic) => topic.expectedIntervalMs > 0).map((topic) => topic.expectedIntervalMs),
    );
    expect(longestQuiet).toBeGreaterThan(2 * HOUR);
    expect(longestQuiet).toBeLessThan(quietestAllowed);

    // Nearly all handled within the SLA, a few late; everything from before day 50 ended by day 60.
    const handled = [...resolvedAt].filter(([id]) => created.get(id)!.at >= START);
    const onTime = handled.filter(([id, at]) => {
      const report = created.get(id)!;
      return at <= report.at + slaHours.get(report.category)! * HOUR;
    }).length;
    expect(handled.length).toBeGreaterThan(DAYS * 15);
    expect(onTime / handled.length).toBeGreaterThan(0.8);
    expect(onTime / handled.length).toBeLessThan(0.97);
    const dueToEnd = [...created].filter(([, report]) => report.at < START + 50 * DAY);
    const ended = dueToEnd.filter(([id]) => endedAt.has(id));
    expect(ended.length / dueToEnd.length).toBeGreaterThan(0.99);
  }, 120_000);
});
