/**
 * What the simulators write a simulated day at their normal rate (a step a simulated minute, rate
 * 1), by domain and kind, and for citizen reports how many are created, closed and still open at
 * each day's end (`npx tsx bench/simulated-days.ts --days 60`). No runtime, no store: the
 * generators alone, timed apart, so that the volume and the generators' own cost are known.
 */
import { arg } from './bench-support';
import { domains } from '../server/domains/index';
import type { DomainContext } from '../server/domains/domain';
import { loadFixtures } from '../server/fixtures/fixtures';
import { seededRandom } from '../server/feeds/simulator/random';

const days = arg('days', 7);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const clock = { now: Date.UTC(2026, 0, 1, 17, 0, 0) };
const context: DomainContext = {
  fixtures: loadFixtures(),
  timeZone: 'Asia/Ho_Chi_Minh',
  now: () => clock.now,
  reportingTemplates: () => [],
  noticeTopics: () => [],
};
const random = seededRandom(2026);
const simulators = domains.map((domain) => ({ name: domain.name, generator: domain.createSimulator(context, random) }));
const kinds = new Map<string, number>();
const stepMs = new Map<string, number>();
const CLOSED = new Set(['closed', 'rejected', 'duplicate']);
const open = new Set<string>();
for (let day = 1; day <= days; day++) {
  let created = 0;
  let closed = 0;
  const dayEnd = clock.now + DAY;
  while (clock.now < dayEnd) {
    clock.now += MINUTE;
    for (const { name, generator } of simulators) {
      const started = performance.now();
      const events = generator.step(clock.now, MINUTE, 1);
      stepMs.set(name, (stepMs.get(name) ?? 0) + performance.now() - started);
      for (const event of events) {
        const key = `${event.domain} ${event.kind}`;
        kinds.set(key, (kinds.get(key) ?? 0) + 1);
        const data = event.data as { reportId?: string; status?: string };
        if (event.kind === 'report.created') {
          created++;
          open.add(data.reportId!);
        } else if (event.kind === 'report.status' && CLOSED.has(data.status!)) {
          closed++;
          open.delete(data.reportId!);
        }
      }
    }
  }
  console.log(JSON.stringify({ day, reportsCreated: created, reportsClosed: closed, reportsOpen: open.size }));
}
const perDay = Object.fromEntries(
  [...kinds].sort((a, b) => b[1] - a[1]).map(([key, count]) => [key, Math.round(count / days)]),
);
const total = [...kinds.values()].reduce((sum, count) => sum + count, 0);
console.log(JSON.stringify({ eventsPerDay: Math.round(total / days), perDay }, null, 1));
console.log(
  JSON.stringify({
    generatorMsPerDay: Object.fromEntries([...stepMs].map(([name, ms]) => [name, Math.round(ms / days)])),
  }),
);
