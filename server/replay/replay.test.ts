/**
 * A past moment, checked against a live run: events flow through the real ingest path (HTTP, the
 * store, the live runtime and hub, snapshots written by the live writer); at moments T the test
 * records what the live hub held, then asks the replay for T and compares, topic by topic. And
 * the HTTP route: the audience rules as live, and a clear 400 for a moment that does not exist.
 */
import { JUDGE_EVERY_MS } from '../domains/judge-as-time-passes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { waitUntil } from '../test-support/wait-until';
import { loadConfig } from '../config/load-config';
import { domains } from '../domains/index';
import { seededRandom } from '../feeds/simulator/random';
import type { IngestEvent } from '../domains/domain';
import type { TopicName } from '../protocol/topics';

interface Moment {
  at: number;
  topics: Map<string, unknown>;
}

let app: TestApp;
const moments: Moment[] = [];

/** What the live hub holds now, every topic. */
function liveStates(): Map<string, unknown> {
  const { hub } = app.ioc;
  return new Map(hub.list().map((info) => [info.name, hub.snapshot(info.name as TopicName).data]));
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

beforeAll(async () => {
  const config = await loadConfig();
  // A snapshot after every hundred events, or six seconds after new ones: taken by the live writer.
  config.app = {
    ...config.app,
    snapshots: { everyEvents: 100, everyMinutes: 0.1, keepAllHours: 48, keepEveryHours: 3 },
  };
  app = await startTestApp({ config });
  const context = { ...app.ioc.app.domainContext };
  const random = seededRandom(11);
  const simulators = domains.map((domain) => ({ domain, simulator: domain.createSimulator(context, random) }));
  const post = async (events: IngestEvent[]) => {
    for (const { domain } of simulators) {
      const mine = events.filter((event) => event.domain === domain.name);
      if (mine.length === 0) continue;
      // As the simulator feed does, with a person's rights: moderation events need one.
      const answer = await app.postAsModerator(mine);
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    }
  };
  await post(
    simulators
      .flatMap(({ simulator }) => simulator.seed(Date.now()))
      .sort((a, b) => (a.time as number) - (b.time as number)),
  );
  for (let round = 0; round < 12; round++) {
    const now = Date.now();
    await post(simulators.flatMap(({ simulator }) => simulator.step(now, 60_000, 5)));
    if (round % 4 === 1) {
      const before = (await app.ioc.app.snapshots.list()).length;
      await waitUntil(
        async () => (await app.ioc.app.snapshots.list()).length > before,
        'the live writer takes a snapshot',
      );
    }
    await tick();
    // The moment is taken at a live clock tick, as the replay takes it: topics published only
    // on the tick (the 30 days of road safety) otherwise lag up to a second behind their events.
    app.ioc.runtime.tick();
    const topics = liveStates();
    const at = Date.now();
    moments.push({ at, topics });
    await tick(); // the next events are accepted after `at`
  }
}, 120_000);

afterAll(async () => {
  await app?.dispose();
});

/**
 * A topic of the moment as the live hub held it. What needs attention (`exceptions.*`) carries when
 * each item began: live notes it at the flush that first saw it, the replay at the last event of
 * those five minutes, so `since` agrees to five minutes (`replay-exceptions.test.ts`), the rest exactly.
 */
function expectAsLive(name: string, replayed: unknown, live: unknown): void {
  if (!name.startsWith('exceptions.')) return void expect(replayed, name).toEqual(live);
  const items = (data: unknown) => (data as { items: Array<{ id: string; since: number }> }).items;
  const withoutSince = (data: unknown) => items(data).map(({ since: _since, ...rest }) => rest);
  expect(withoutSince(replayed), name).toEqual(withoutSince(live));
  items(replayed).forEach((item, index) =>
    expect(Math.abs(item.since - items(live)[index]!.since), `${name} ${item.id}`).toBeLessThanOrEqual(JUDGE_EVERY_MS),
  );
}

describe('a past moment, as the live system published it', () => {
  it('equals what the live hub held at each recorded moment, every topic', async () => {
    expect((await app.ioc.app.snapshots.list()).length).toBeGreaterThanOrEqual(3);
    let fromSnapshot = 0;
    for (const moment of moments) {
      const answer = await app.ioc.app.replay.topicsAt(moment.at, 'internal');
      if (!answer.ok) throw new Error(answer.en);
      if (answer.fromSnapshot !== null) fromSnapshot++;
      const replayed = new Map<string, unknown>(answer.topics.map((topic) => [topic.topic, topic.data]));
      expect([...replayed.keys()].sort()).toEqual([...moment.topics.keys()].sort());
      for (const [name, data] of moment.topics) expectAsLive(name, replayed.get(name), data);
    }
    expect(fromSnapshot).toBeGreaterThan(0);
  });

  it('going back to an earlier moment after a later one gives that moment again', async () => {
    const early = moments[2]!;
    const answer = await app.ioc.app.replay.topicsAt(early.at, 'internal');
    if (!answer.ok) throw new Error(answer.en);
    for (const topic of answer.topics) expectAsLive(topic.topic, topic.data, early.topics.get(topic.topic));
  });

  it('the public audience gets public topics only, in the past as now', async () => {
    const answer = await app.ioc.app.replay.topicsAt(moments[5]!.at, 'public');
    if (!answer.ok) throw new Error(answer.en);
    expect(answer.topics.length).toBeGreaterThan(0);
    for (const topic of answer.topics)
      expect(app.ioc.hub.definition(topic.topic as TopicName)!.audience, topic.topic).toBe('public');
  });

  it('GET /api/v1/replay: an internal dashboard for a signed-in person, not for an anonymous one', async () => {
    const at = new Date(moments[6]!.at).toISOString();
    const anonymous = await fetch(`${app.url}/api/v1/replay?dashboard=main&at=${at}`);
    expect(anonymous.status).toBe(401);
    const { cookie } = await app.signIn('operator');
    const response = await fetch(`${app.url}/api/v1/replay?dashboard=main&at=${at}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { at: number; topics: Array<{ topic: string; data: unknown }> };
    expect(body.at).toBe(moments[6]!.at);
    expect(body.topics.length).toBeGreaterThan(3);
    for (const topic of body.topics) expectAsLive(topic.topic, topic.data, moments[6]!.topics.get(topic.topic));
  });

  it('GET /api/v1/replay: a public dashboard for anybody, its public topics only', async () => {
    const at = new Date(moments[6]!.at).toISOString();
    const response = await fetch(`${app.url}/api/v1/replay?dashboard=public-led&at=${at}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { topics: Array<{ topic: string }> };
    expect(body.topics.length).toBeGreaterThan(0);
    for (const topic of body.topics) expect(app.ioc.hub.definition(topic.topic as TopicName)!.audience).toBe('public');
  });

  it('GET /api/v1/replay: a moment in the future, before the first event, or no moment at all is a 400 naming `at`', async () => {
    const { cookie } = await app.signIn('operator');
    const ask = async (at: string) => {
      const response = await fetch(`${app.url}/api/v1/replay?dashboard=main&at=${encodeURIComponent(at)}`, {
        headers: { cookie },
      });
      return {
        status: response.status,
        body: (await response.json()) as { field: string; message: string; messageVi: string },
      };
    };
    const future = await ask(new Date(Date.now() + 3_600_000).toISOString());
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ field: 'at', messageVi: expect.stringContaining('tương lai') });
    const before = await ask('2001-01-01T08:00');
    expect(before.status).toBe(400);
    expect(before.body.messageVi).toContain('chưa có dữ liệu');
    const garbage = await ask('hôm qua');
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({ field: 'at', message: expect.stringContaining('not a moment') });
    const unknown = await fetch(`${app.url}/api/v1/replay?dashboard=khong-co&at=2026-11-20T08:00`, {
      headers: { cookie },
    });
    expect(unknown.status).toBe(404);
  });
});
