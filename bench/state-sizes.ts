/**
 * What each aggregator's snapshot weighs after `--days` of the simulators' normal rate (a step a
 * simulated minute, a tick an hour), and for the reports aggregator what inside it weighs most
 * (`npx tsx bench/state-sizes.ts --days 3`). No store: the events go straight to the runtime.
 */
import { arg } from './bench-support';
import { domains } from '../server/domains/index';
import { DomainRuntime } from '../server/domains/runtime';
import type { DomainContext } from '../server/domains/domain';
import { loadFixtures } from '../server/fixtures/fixtures';
import { seededRandom } from '../server/feeds/simulator/random';
import { TopicHub } from '../server/realtime/topic-hub';

const days = arg('days', 3);
const settleAfterDays = arg('settleAfterDays', 30);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const fixtures = loadFixtures();
const clock = { now: Date.now() - days * DAY };
const context: DomainContext = {
  fixtures,
  timeZone: 'Asia/Ho_Chi_Minh',
  now: () => clock.now,
  reportsSettleAfterDays: settleAfterDays,
  reportingTemplates: () => [],
  noticeTopics: () => [],
};
const hub = new TopicHub({ emit: () => {}, now: () => clock.now });
hub.stop();
const runtime = new DomainRuntime(domains, context, hub);
const random = seededRandom(2026);
const simulators = domains.map((domain) => domain.createSimulator(context, random));
let seq = 0;
const mb = (value: unknown) => (JSON.stringify(value).length / 1e6).toFixed(2);
for (let day = 1; day <= days; day++) {
  const dayEnd = clock.now + DAY;
  while (clock.now < dayEnd) {
    clock.now += MINUTE;
    const batch = simulators.flatMap((simulator) => simulator.step(clock.now, MINUTE, 1));
    runtime.apply(
      batch.map((event) => ({
        seq: ++seq,
        domain: event.domain,
        kind: event.kind,
        time: typeof event.time === 'number' ? event.time : clock.now,
        source: 'simulator',
        simulated: true,
        idempotencyKey: null,
        data: event.data,
      })),
    );
    if (clock.now % (60 * MINUTE) < MINUTE) {
      runtime.tick(clock.now);
      hub.flush();
    }
  }
  const snapshot = runtime.snapshot()!;
  const sizes = Object.entries(snapshot.aggregators)
    .map(([name, state]) => [name, mb(state)] as const)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  console.log(`day ${day}: ${seq} events, topics ${mb(snapshot.topics)} MB, aggregators (MB JSON):`, sizes.slice(0, 8));
}
// Inside the reports state: which root field, and inside a report which field.
const reports = runtime.snapshot()!.aggregators.reports as { $o?: Record<string, unknown> };
const fields = reports.$o ?? (reports as Record<string, unknown>);
console.log(
  'reports fields (MB):',
  Object.entries(fields).map(([name, value]) => [name, mb(value)]),
);
const model = (runtime.aggregator('reports') as unknown as { readModel: { all(): Iterable<Record<string, unknown>> } })
  .readModel;
const all = [...model.all()];
const perField: Record<string, number> = {};
for (const report of all)
  for (const [key, value] of Object.entries(report))
    perField[key] = (perField[key] ?? 0) + JSON.stringify(value ?? null).length;
console.log(
  `${all.length} reports in memory, per-report fields (MB):`,
  Object.entries(perField)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([key, n]) => [key, (n / 1e6).toFixed(2)]),
);
const byStatus: Record<string, number> = {};
for (const report of all) byStatus[String(report.status)] = (byStatus[String(report.status)] ?? 0) + 1;
console.log('reports held by status:', byStatus);
