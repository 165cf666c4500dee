/**
 * The cases the briefing issue names, with the simulator's own data and the shipped rules
 * (`config/exceptions.yaml`): every domain seeded and stepped through the real runtime and hub,
 * the exceptions stage judging what they publish.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { domains } from '../domains/index';
import type { DomainContext, IngestEvent, StoredEvent } from '../domains/domain';
import { DomainRuntime } from '../domains/runtime';
import { TopicHub } from '../realtime/topic-hub';
import { loadFixtures } from '../fixtures/fixtures';
import { seededRandom } from '../feeds/simulator/random';
import { loadConfig, type LoadedConfig } from '../config/load-config';
import { TIME_ZONE } from '../test-support/domain-harness';
import type { ExceptionItem } from '../protocol/topics/exceptions';
import { createReportsSimulator } from '../domains/reports/simulator';

// 10:00 on Friday 4/12/2026 in Hà Nội: December still running.
const START = Date.UTC(2026, 11, 4, 3, 0, 0);

let config: LoadedConfig;
beforeAll(async () => {
  config = await loadConfig();
});

/**
 * Seeds every domain, then runs the simulators `minutes` minutes (one step a minute); `surgeAt`
 * starts the reports simulator's storm surge then instead of at its seeded draw.
 */
function run(minutes: number, surgeAt?: number): { items: ExceptionItem[]; hub: TopicHub } {
  let now = START;
  const hub = new TopicHub({ emit: () => {}, now: () => now });
  const context: DomainContext = {
    fixtures: loadFixtures(),
    timeZone: TIME_ZONE,
    now: () => now,
    reportingTemplates: () => [...config.reporting.values()],
    exceptionRules: () => config.exceptions,
    topicState: (name) => hub.current(name),
  };
  const runtime = new DomainRuntime(domains, context, hub);
  let seq = 0;
  const stored = (events: IngestEvent[]): StoredEvent[] =>
    events
      .sort((a, b) => (a.time as number) - (b.time as number))
      .map((event) => ({
        seq: ++seq,
        domain: event.domain,
        kind: event.kind,
        time: event.time as number,
        source: 'simulator',
        simulated: true,
        idempotencyKey: event.id ?? null,
        data: event.data,
      }));
  const simulators = domains.map((domain) =>
    domain.name === 'reports'
      ? createReportsSimulator(context, seededRandom(7), { surgeAt })
      : domain.createSimulator(context, seededRandom(7)),
  );
  runtime.apply(stored(simulators.flatMap((simulator) => simulator.seed(now))));
  for (let minute = 1; minute <= minutes; minute++) {
    now += 60_000;
    runtime.apply(stored(simulators.flatMap((simulator) => simulator.step(now, 60_000, 1))));
  }
  runtime.tick(now);
  hub.flush();
  hub.stop();
  runtime.stop();
  return { items: hub.snapshot('exceptions.now').data.items, hub };
}

describe('the issue’s cases with the simulator’s data and the shipped rules', () => {
  it('today’s reports far above the same weekday’s median over 8 weeks are an alarm; trucks past 150 % of their ceiling too; budget at 94 % of a running December is none', () => {
    // A storm at 10:00: 30–45 reports an hour on top of the usual ≈25 a day; by 14:00 today is
    // several times a usual Friday.
    const { items, hub } = run(240, START);
    const history = hub.snapshot('reports.history').data.days;
    // The seed's 30 days (and a part of a 31st): the days before it are no data, not zeros.
    expect(history.length).toBeGreaterThanOrEqual(30);
    expect(history.length).toBeLessThanOrEqual(31);
    const today = history.at(-1)!.received;
    expect(today).toBeGreaterThan(100);

    const reports = items.find((item) => item.rule === 'phan-anh-hom-nay');
    expect(reports).toMatchObject({ severity: 'alarm', basis: 'baseline', value: today, since: START + 240 * 60_000 });
    // The simulator makes about 25 reports a day, fewer at weekends: the Fridays' median is "about 25".
    expect(reports!.reference).toBeGreaterThanOrEqual(15);
    expect(reports!.reference).toBeLessThanOrEqual(40);

    const trucks = items.find((item) => item.rule === 'xe-cho-thong-quan');
    expect(trucks).toMatchObject({ severity: 'alarm', basis: 'plan', reference: 1.5 });
    expect(trucks!.value).toBeGreaterThan(1.5);

    const budget = hub.snapshot('kpi.values').data.find((kpi) => kpi.id === 'budget-revenue')!;
    expect(budget.running).toBe(true);
    expect(items.some((item) => item.rule === 'thu-ngan-sach')).toBe(false);
    // Alarms first.
    expect(items[0]!.severity).toBe('alarm');
  });

  it('a morning at the usual volume flags no reports anomaly', () => {
    const { items } = run(240);
    expect(items.some((item) => item.rule === 'phan-anh-hom-nay')).toBe(false);
  });
});
