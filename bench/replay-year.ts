/**
 * A month back with a year in the store (`npm run bench:replay-year`, `--days 365 --back 30`):
 * every domain's simulator at its normal rate (rate 1, a step each simulated minute) writes a
 * year straight into the data folder's SQLite file, a day per transaction, while a runtime applies
 * the events. `bench/replay.ts` does the same with a live tick and the snapshot writer every
 * simulated minute, which makes a year take hours; here the runtime ticks every `--tickMinutes`
 * and before each snapshot, and only the snapshots the running system keeps are taken (its
 * retention keeps every one of the last `--keepAllHours` and before them the first of each
 * `--keepEveryHours` span), so a history is written at the pace of the aggregators. Then, cold
 * (the file closed and opened again, fresh replay cursors): `topicsAt` for the moment `--back`
 * days ago, each of its phases timed apart, and the HTTP route on a real server started on the
 * same folder (`GET /api/v1/replay?dashboard=main&at=…`, its first request).
 *
 * Measured 2026-12-04 22:00–22:10 UTC on the shared 2-core machine (load average 9 → 4 during the
 * run), `--days 365 --back 30 --snapshotDays 32`: 8,490,503 events (23,262 a simulated day),
 * generated in 976 s (≈8,700 events/s); the snapshot before the moment is 17.4 MB of JSON (2.3 MB
 * gzipped: admin 8.9 MB, security 3.2 MB, reports 2.1 MB). A month back, cold: **`topicsAt` 854 ms**
 * (the moment fell on its snapshot: gunzip 562, parse 277, restore 250, tick 1, shape 10), the worst
 * moment of that snapshot's 3-hour span (2,822 events after it) 848 ms (gunzip 286, parse 163,
 * restore 262, read 23, apply 28), the route's first request on a freshly started server 1,285 ms,
 * six hours earlier 787 ms. Again on the kept folder (a new process, load ≈4): 1,144 / 1,329 /
 * 932 ms. With every snapshot a server keeps (no `--snapshotDays`, 22:10–23:05, load 3–10): 3,193 s
 * to generate (2,954 snapshots, 828 ms each on average, 7.6 GB file), `topicsAt` cold 1,076 ms (870
 * events after the snapshot), the worst moment of the span 717 ms (2,700), the route 1,191 ms.
 *
 * Before (same day, load 10–15): the simulators wrote ≈50,000 events a simulated day, 31,000 of them
 * citizen reports (a report every 10–20 s, ≈5,800 a day, each with its transitions) whose open
 * backlog the city never caught up with. Generating ran at ≈830 events/s: the reports simulator
 * alone took ≈49 s a simulated day (its queue of 20,000+ pending transitions sorted again for every
 * new report), and the snapshots grew ≈13 MB of JSON a day (1.5 s each at 2 days, beyond V8's
 * longest string after ≈40 days), so a year could neither be generated nor replayed. The reports
 * simulator now makes the city's ≈25 a day (`server/domains/reports/simulator.ts`), and the year
 * generates at 8,000–13,000 events/s; what is left of the time is the runtime's apply (traffic flow
 * observations are 17,280 of the 23,262 a day) and the snapshots' encode (1.1 s each at 17 MB).
 *
 * What is left grows with the history before the moment, not with the distance back: the
 * snapshot's decode (≈60 ms per MB of JSON at this load). The reports aggregator's share is now
 * bounded (open reports and the last `settleAfterDays` of the others, ≈770 reports); the next ones
 * are admin (every finished dossier kept 400 days, only to refuse a second result: 36,881 at the
 * moment) and security (incidents of 14 months).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arg } from './bench-support';
import { simulatedEventWriter } from '../server/test-support/simulated-event';
import { signInPerson, startServer } from '../e2e/harness';
import { domains } from '../server/domains/index';
import { DomainRuntime } from '../server/domains/runtime';
import type { DomainContext } from '../server/domains/domain';
import { loadFixtures } from '../server/fixtures/fixtures';
import { seededRandom } from '../server/feeds/simulator/random';
import { TopicHub } from '../server/realtime/topic-hub';
import { openDatabase } from '../server/store/database';
import { EventStore } from '../server/store/event-store';
import { EventHistory } from '../server/store/archive/event-history';
import { SqliteSnapshotStore } from '../server/replay/snapshot-store';
import { ReplayCursors } from '../server/replay/topics-at';
import type { RuntimeSnapshot } from '../server/domains/runtime';
import type { TopicName } from '../server/protocol/topics';

const days = arg('days', 365);
const back = arg('back', 30);
const tickMinutes = arg('tickMinutes', 60);
/** The server's default schedule: a snapshot an hour while events come (`snapshots.everyMinutes`). */
const snapshotMinutes = arg('snapshotMinutes', 60);
/** The server's retention (`snapshots.keepAllHours`): every snapshot of these last hours is kept… */
const keepAllHours = arg('keepAllHours', 48);
/** …and before them the first of each span of these hours (`snapshots.keepEveryHours`). */
const keepEveryHours = arg('keepEveryHours', 3);
/**
 * `--snapshotDays N`: take the kept snapshots of the last N days only (by default all of them).
 * Nothing measured reads an older one (the moment's snapshot is at most `keepEveryHours` before
 * it, the route's server starts from the newest, six hours earlier is still in the window when N >
 * back + 1); on a loaded machine they take most of the generation (6 MB of JSON encoded in 3 s).
 * The state applied is the same either way; the file then holds fewer snapshots than a server's.
 */
const snapshotDays = arg('snapshotDays', days);
/** Days after its last change that a report no longer open leaves the reports aggregator (`reports.settleAfterDays`, 30). */
const settleAfterDays = arg('settleAfterDays', 30);
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `--dataDir <folder>`: measure a folder a run kept (`--keep 1`) again, without generating. */
const reused = arg('dataDir', '');
const dir = reused || mkdtempSync(path.join(tmpdir(), 'ioc-bench-replay-year-'));
const file = path.join(dir, 'ioc.sqlite');
const fixtures = loadFixtures();
const context = (c: { now: number }): DomainContext => ({
  fixtures,
  timeZone: TIME_ZONE,
  now: () => c.now,
  reportsSettleAfterDays: settleAfterDays,
  reportingTemplates: () => [],
  noticeTopics: () => [],
});
const runtimeOn = (c: { now: number }) => {
  const hub = new TopicHub({ emit: () => {}, now: () => c.now });
  hub.stop();
  return { hub, runtime: new DomainRuntime(domains, context(c), hub) };
};

interface Generated {
  end: number;
  events: number;
  generationS: number | null;
  snapshotsTaken: number | null;
  snapshotMsMean: number | null;
}

/** Writes the history into `file`; the year ends now, so that a server started on the folder finds the moment in its past. */
function generate(): Generated {
  const db = openDatabase(file);
  const end = Date.now() - MINUTE;
  const clock = { now: end - days * DAY };
  const storeSimulated = simulatedEventWriter(db);
  const snapshots = new SqliteSnapshotStore(db);
  const live = runtimeOn(clock);
  const random = seededRandom(2026);
  const simulators = domains.map((domain) => domain.createSimulator(context(clock), random));

  /** Whether the running system would still hold a snapshot taken now (see `SnapshotStore.prune`). */
  let lastSnapshotSpan = -1;
  const spanOf = (now: number) => Math.floor(now / (keepEveryHours * HOUR));
  const keeps = (now: number) =>
    end - now <= keepAllHours * HOUR || (end - now <= snapshotDays * DAY && spanOf(now) !== lastSnapshotSpan);

  const generation = performance.now();
  let events = 0;
  let snapshotMs = 0;
  let snapshotsTaken = 0;
  let lastSnapshotAt = clock.now;
  const writeDay = db.transaction((dayEnd: number) => {
    while (clock.now < dayEnd) {
      clock.now += MINUTE;
      const batch = simulators.flatMap((simulator) => simulator.step(clock.now, MINUTE, 1));
      const stored = storeSimulated(batch, clock.now);
      events += stored.length;
      live.runtime.apply(stored);
      const snapshotDue = clock.now - lastSnapshotAt >= snapshotMinutes * MINUTE;
      if (snapshotDue) lastSnapshotAt = clock.now;
      if (snapshotDue && keeps(clock.now)) {
        const started = performance.now();
        live.runtime.tick(clock.now);
        live.hub.flush();
        const snapshot = live.runtime.snapshot();
        if (snapshot) snapshots.save(snapshot, clock.now, clock.now);
        lastSnapshotSpan = spanOf(clock.now);
        snapshotMs += performance.now() - started;
        snapshotsTaken++;
      } else if (clock.now % (tickMinutes * MINUTE) < MINUTE) {
        live.runtime.tick(clock.now);
        live.hub.flush();
      }
    }
  });
  for (let day = 0; day < days; day++) {
    writeDay(Math.min(end, clock.now + DAY));
    if ((day + 1) % 10 === 0 || days < 10) {
      const rate = Math.round(events / ((performance.now() - generation) / 1000));
      console.error(`… ${day + 1} days, ${events.toLocaleString('en')} events, ${rate} events/s`);
    }
  }
  db.close();
  return {
    end,
    events,
    generationS: Math.round((performance.now() - generation) / 1000),
    snapshotsTaken,
    snapshotMsMean: snapshotsTaken ? Math.round(snapshotMs / snapshotsTaken) : null,
  };
}

/** A kept folder: its year ended at its last event. */
function measured(): Generated {
  const db = openDatabase(file);
  const row = db.prepare('SELECT max(received_at) AS end, count(*) AS events FROM events').get() as {
    end: number;
    events: number;
  };
  db.close();
  return { end: row.end, events: row.events, generationS: null, snapshotsTaken: null, snapshotMsMean: null };
}

const { end, events, generationS, snapshotsTaken, snapshotMsMean } = reused ? measured() : generate();
let db = openDatabase(file);
const snapshotKB = (
  db.prepare('SELECT length(state) AS n FROM snapshots ORDER BY seq DESC LIMIT 1').get() as { n: number } | undefined
)?.n;
db.close();

// Cold: the file opened again, nothing kept in this process.
const moment = end - back * DAY;
db = openDatabase(file);
const replay = new ReplayCursors({
  store: new EventHistory(db, dir, new EventStore(db), new SqliteSnapshotStore(db)),
  snapshots: new SqliteSnapshotStore(db),
  domains,
  context: context({ now: end }),
  now: () => Date.now(),
});
let started = performance.now();
const cold = await replay.topicsAt(moment, 'internal');
const topicsAtMs = performance.now() - started;
started = performance.now();
await replay.topicsAt(moment + 10 * MINUTE, 'internal');
const tenMinutesLaterMs = performance.now() - started;
const kept = new SqliteSnapshotStore(db).list().length;
// The moment's snapshot may be the very one before it (no event to apply): the worst moment of the
// same span is a minute before the next kept snapshot, up to `keepEveryHours` of events after its own.
const nextSnapshotAt = (
  db.prepare('SELECT min(received_at) AS at FROM snapshots WHERE received_at > ?').get(moment) as { at: number | null }
).at;
db.close();
const worst = nextSnapshotAt === null ? moment : nextSnapshotAt - MINUTE;
db = openDatabase(file);
const worstReplay = new ReplayCursors({
  store: new EventHistory(db, dir, new EventStore(db), new SqliteSnapshotStore(db)),
  snapshots: new SqliteSnapshotStore(db),
  domains,
  context: context({ now: end }),
  now: () => Date.now(),
});
started = performance.now();
const worstCold = await worstReplay.topicsAt(worst, 'internal');
const worstMs = performance.now() - started;
db.close();

/**
 * Where the time goes: the same moment again on a file opened anew (its pages now in the OS cache),
 * step by step as `topicsAt` takes them, with the event read apart from their apply.
 */
async function phases(moment: number): Promise<Record<string, number>> {
  const timed = <T>(into: Record<string, number>, name: string, run: () => T): T => {
    const begun = performance.now();
    const result = run();
    into[name] = Math.round(performance.now() - begun);
    return result;
  };
  const timedAsync = async <T>(into: Record<string, number>, name: string, run: () => Promise<T>): Promise<T> => {
    const begun = performance.now();
    const result = await run();
    into[name] = Math.round(performance.now() - begun);
    return result;
  };
  const ms: Record<string, number> = {};
  const phaseDb = openDatabase(file);
  const store = new SqliteSnapshotStore(phaseDb);
  const history = new EventHistory(phaseDb, dir, new EventStore(phaseDb), store);
  const seq = timed(ms, 'seqAtMs', () => history.seqAt(moment));
  const row = timed(ms, 'snapshotReadMs', () =>
    phaseDb
      .prepare<[number], { seq: number; state: Buffer }>(
        'SELECT seq, state FROM snapshots WHERE seq <= ? ORDER BY seq DESC LIMIT 1',
      )
      .get(seq),
  )!;
  const text = timed(ms, 'gunzipMs', () => gunzipSync(row.state).toString('utf8'));
  ms.snapshotJsonKB = Math.round(text.length / 1e3);
  const parsed = timed(ms, 'jsonParseMs', () => JSON.parse(text) as RuntimeSnapshot);
  // The heaviest aggregators' share of it.
  for (const [name, state] of Object.entries(parsed.aggregators)
    .map(([name, state]) => [name, JSON.stringify(state).length] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3))
    ms[`${name}KB`] = Math.round(state / 1e3);
  const at = { now: moment };
  const cursor = timed(ms, 'createAggregatorsMs', () => runtimeOn(at));
  timed(ms, 'restoreMs', () => cursor.runtime.restore(parsed));
  const events = timed(ms, 'eventReadMs', () => {
    const read = [];
    for (const event of history.readAll(row.seq)) {
      if (event.seq > seq) break;
      read.push(event);
    }
    return read;
  });
  ms.eventsAfterSnapshot = events.length;
  await timedAsync(ms, 'applyMs', () =>
    cursor.runtime.replay({ readAfter: (after) => events.filter((event) => event.seq > after) }, seq),
  );
  timed(ms, 'tickMs', () => {
    cursor.runtime.tick(moment);
    cursor.hub.flush();
  });
  timed(ms, 'shapeMs', () =>
    JSON.stringify(cursor.hub.list('internal').map((info) => cursor.hub.snapshot(info.name as TopicName))),
  );
  phaseDb.close();
  return ms;
}
const phaseMs = await phases(moment);
const worstPhaseMs = await phases(worst);

console.log(
  JSON.stringify(
    {
      days,
      back,
      snapshotDays: reused ? null : snapshotDays,
      events,
      eventsPerDay: Math.round(events / days),
      generationS,
      databaseMB: Math.round(statSync(file).size / 1e6),
      snapshotsTaken,
      snapshotsKept: kept,
      snapshotMsMean,
      newestSnapshotKB: snapshotKB === undefined ? null : Math.round(snapshotKB / 1000),
      monthBackTopicsAtMs: Math.round(topicsAtMs),
      monthBackReplayed: cold.ok ? cold.replayed : cold.en,
      monthBackFromSnapshot: cold.ok ? cold.fromSnapshot : null,
      monthBackPlus10MinMs: Math.round(tenMinutesLaterMs),
      phaseMs,
      worstOfSpanMinutesAfter: Math.round((worst - moment) / MINUTE),
      worstOfSpanTopicsAtMs: Math.round(worstMs),
      worstOfSpanReplayed: worstCold.ok ? worstCold.replayed : worstCold.en,
      worstPhaseMs,
    },
    null,
    2,
  ),
);

// The route, on a real server started on the folder: its first replay request, as a leader
// (internal topics) signed in as the console would (a first password is changed first). On a loaded
// machine the server may not start within the harness's minute: the figures above stand.
async function askRoute(): Promise<{ ms: number; status: number; refusal: string | null; sixHoursEarlierMs: number }> {
  const server = await startServer({ dataDir: dir, simulator: false, env: { LOG_LEVEL: 'error' } });
  try {
    const { session } = await signInPerson(server, 'leader');
    const ask = async (at: number) => {
      const begun = performance.now();
      const response = await fetch(`${server.url}/api/v1/replay?dashboard=main&at=${at}`, {
        headers: { cookie: `ioc_session=${session}` },
      });
      const body = await response.text();
      return { ms: performance.now() - begun, status: response.status, body };
    };
    const first = await ask(moment);
    // Six hours earlier: no kept cursor before it, so from its own snapshot again, in a process whose
    // code has now run once (what the first request pays beyond this is the new process's warm-up).
    const sixHoursEarlier = await ask(moment - 6 * HOUR);
    return {
      ms: first.ms,
      status: first.status,
      refusal: first.status === 200 ? null : first.body.slice(0, 300),
      sixHoursEarlierMs: sixHoursEarlier.ms,
    };
  } finally {
    await server.stop();
  }
}
const http = await askRoute().catch((error: Error) => ({
  ms: Number.NaN,
  status: 0,
  refusal: error.message.slice(0, 300),
  sixHoursEarlierMs: Number.NaN,
}));
console.log(
  JSON.stringify({
    monthBackHttpMs: Math.round(http.ms),
    status: http.status,
    refusal: http.refusal,
    sixHoursEarlierHttpMs: Math.round(http.sixHoursEarlierMs),
  }),
);
// `--keep 1`: the folder stays (to start a server on it and profile a request by hand).
if (arg('keep', 0)) console.log(JSON.stringify({ keptDataDir: dir }));
else if (!reused) rmSync(dir, { recursive: true, force: true });
