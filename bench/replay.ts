/**
 * Replay of a past moment and the bounded start, on a generated history (`npm run bench:replay --
 * --days 365`): every domain's simulator at its normal rate (rate 1), one step a simulated
 * minute, written straight into a SQLite file in a temp folder (a transaction a day) while a live
 * runtime applies the events and the snapshot writer takes snapshots on the default schedule, as
 * the server would. Then, timed: a full replay (the start before snapshots), a start from the
 * newest snapshot plus its tail, and opening the moment a month back (`topicsAt`).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arg } from './bench-support';
import { simulatedEventWriter } from '../server/test-support/simulated-event';
import { domains } from '../server/domains/index';
import { DomainRuntime } from '../server/domains/runtime';
import type { DomainContext } from '../server/domains/domain';
import { loadFixtures } from '../server/fixtures/fixtures';
import { seededRandom } from '../server/feeds/simulator/random';
import { TopicHub } from '../server/realtime/topic-hub';
import { openDatabase } from '../server/store/database';
import { EventStore } from '../server/store/event-store';
import { SqliteSnapshotStore } from '../server/replay/snapshot-store';
import { SnapshotWriter, startSnapshot } from '../server/replay/snapshot-writer';
import { ReplayCursors } from '../server/replay/topics-at';
import { EventHistory } from '../server/store/archive/event-history';

const days = arg('days', 365);
const everyEvents = arg('everyEvents', 50_000);
const everyMinutes = arg('everyMinutes', 60);
/** How far back the moment opened lies (days): a month by default. */
const back = arg('back', 30);
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const dir = mkdtempSync(path.join(tmpdir(), 'ioc-bench-replay-'));
const file = path.join(dir, 'ioc.sqlite');
const db = openDatabase(file);
const store = new EventStore(db);
const snapshots = new SqliteSnapshotStore(db);
const fixtures = loadFixtures();
const clock = { now: Date.now() - days * DAY };
const end = clock.now + days * DAY;
const context = (c: { now: number }): DomainContext => ({
  fixtures,
  timeZone: TIME_ZONE,
  now: () => c.now,
  reportingTemplates: () => [],
  noticeTopics: () => [],
});
const runtimeOn = (c: { now: number }) => {
  const hub = new TopicHub({ emit: () => {}, now: () => c.now });
  hub.stop();
  return { hub, runtime: new DomainRuntime(domains, context(c), hub) };
};

const storeSimulated = simulatedEventWriter(db);
const live = runtimeOn(clock);
const writer = new SnapshotWriter(
  live.runtime,
  snapshots,
  { everyEvents, everyMinutes, keepAllHours: 48, keepEveryHours: 3 },
  () => clock.now,
);
const random = seededRandom(2026);
const simulators = domains.map((domain) => domain.createSimulator(context(clock), random));

const generation = performance.now();
let events = 0;
let snapshotMs = 0;
let snapshotsTaken = 0;
const writeDay = db.transaction((dayEnd: number) => {
  while (clock.now < dayEnd) {
    clock.now += MINUTE;
    const batch = simulators.flatMap((simulator) => simulator.step(clock.now, MINUTE, 1));
    const stored = storeSimulated(batch, clock.now);
    events += stored.length;
    if (process.env.BENCH_TRACE && clock.now % (60 * MINUTE) < MINUTE)
      console.error(new Date(clock.now).toISOString(), events);
    live.runtime.apply(stored);
    live.runtime.tick(clock.now);
    live.hub.flush();
    if (writer.due()) {
      writer.take();
      snapshotMs += writer.lastDurationMs;
      snapshotsTaken++;
    }
  }
});
for (let day = 0; day < days; day++) {
  writeDay(Math.min(end, clock.now + DAY));
  if ((day + 1) % 30 === 0) console.error(`… ${day + 1} days, ${events.toLocaleString('en')} events`);
}
const generationS = (performance.now() - generation) / 1000;

const time = async <T>(run: () => T | Promise<T>): Promise<{ ms: number; value: T }> => {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
};

const full = await time(() => runtimeOn({ now: end }).runtime.rebuild(store));
const bounded = await time(async () => {
  const { runtime } = runtimeOn({ now: end });
  const start = await startSnapshot(runtime, snapshots);
  return { replayed: await runtime.rebuild(store, start.snapshot), from: start.snapshot?.seq ?? null };
});
const history = new EventHistory(db, dir, store, snapshots);
const replay = new ReplayCursors({ store: history, snapshots, domains, context: context(clock), now: () => end });
const monthBack = await time(() => replay.topicsAt(end - back * DAY, 'internal'));
const monthBackLater = await time(() => replay.topicsAt(end - back * DAY + 10 * MINUTE, 'internal'));
const latest = snapshots.latest();
const figures = {
  days,
  back,
  events,
  eventsPerDay: Math.round(events / days),
  generationS: Math.round(generationS),
  databaseMB: Math.round(statSync(file).size / 1e6),
  snapshotsTaken,
  snapshotsKept: snapshots.list().length,
  snapshotMsMean: snapshotsTaken ? Math.round(snapshotMs / snapshotsTaken) : null,
  snapshotKB: latest
    ? Math.round(
        (db.prepare('SELECT length(state) AS n FROM snapshots WHERE seq = ?').get(latest.seq) as { n: number }).n /
          1000,
      )
    : null,
  fullReplayMs: Math.round(full.ms),
  fullReplayEvents: full.value,
  boundedStartMs: Math.round(bounded.ms),
  boundedStartTail: bounded.value.replayed,
  monthBackMs: Math.round(monthBack.ms),
  monthBackReplayed: monthBack.value.ok ? monthBack.value.replayed : monthBack.value.en,
  monthBackPlus10MinMs: Math.round(monthBackLater.ms),
};
console.log(JSON.stringify(figures, null, 2));
db.close();
rmSync(dir, { recursive: true, force: true });
