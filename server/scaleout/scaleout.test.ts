/**
 * Two servers as one system, in one test process: two Fastify apps on one PostgreSQL schema and
 * one Redis (a key prefix of their own), real servers both. A screen on B sees what was posted to
 * A; when A's lease session dies, B takes the lead, rebuilds from the store under a new epoch, and
 * what B ingests then reaches screens on both.
 */
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { TestSocket } from '../test-support/test-app';
import { TEST_DATABASE_URL } from '../test-support/pg-schema';
import { startTwoServers, type TwoServers } from '../test-support/two-servers';
import { waitUntil } from '../test-support/wait-until';
import type { TopicDeltaMessage } from '../protocol/index';

const systems: TwoServers[] = [];
afterEach(async () => {
  for (const system of systems.splice(0)) await system.close();
}, 60_000);
// Two apps, PostgreSQL and Redis on a loaded two-core machine: generous, the waits are conditions.
const SLOW = { timeout: 90_000 };

let counter = 0;
function announcement(text: string) {
  const id = `so-${++counter}-${Date.now()}`;
  return {
    domain: 'announcements',
    kind: 'announcement.published',
    id,
    data: {
      announcementId: id,
      text: { vi: `Thông báo: ${text}`, en: `Notice: ${text}` },
      priority: 'normal',
      validTo: new Date(Date.now() + 3_600_000).toISOString(),
    },
  };
}

function watch(socket: TestSocket, topic: string) {
  const deltas: TopicDeltaMessage[] = [];
  const resets: string[] = [];
  socket.on('topic:delta', (message) => {
    if (message.topic === topic) deltas.push(message);
  });
  socket.on('topic:reset', (name) => resets.push(name));
  return { deltas, resets, saw: (text: string) => deltas.some((d) => JSON.stringify(d.delta).includes(text)) };
}

async function twoServers() {
  const system = await startTwoServers();
  systems.push(system);
  return system;
}

describe('two servers on one PostgreSQL and one Redis', () => {
  it('one leads; a screen on B gets a topic published by A; B copies A’s topics and epoch', SLOW, async () => {
    const { a, b } = await twoServers();
    expect(a.ioc.app.scaleout?.leading()).toBe(true);
    expect(b.ioc.app.scaleout?.leading()).toBe(false);

    const screen = await b.connect();
    const answer = await b.subscribe(screen, { topic: 'ticker.items' });
    expect(answer).toMatchObject({ ok: true, mode: 'snapshot' });
    const seen = watch(screen, 'ticker.items');

    expect((await a.post(announcement('từ máy A'))).status).toBe(200);
    await waitUntil(() => seen.saw('từ máy A'), 'the screen on B receives the delta A published');
    await waitUntil(() => b.ioc.hub.epoch === a.ioc.hub.epoch, 'B holds the leader’s epoch');
    // B answers a late subscriber from its copy, as A would.
    const late = await b.subscribe(await b.connect(), { topic: 'ticker.items' });
    const fromA = await a.subscribe(await a.connect(), { topic: 'ticker.items' });
    expect(late).toEqual(fromA);

    // An event ingested by the follower is stored there and aggregated by the leader.
    expect((await b.post(announcement('qua máy B'))).status).toBe(200);
    await waitUntil(() => seen.saw('qua máy B'), 'an event posted to the follower reaches screens');
    expect(await b.ioc.store.count()).toBe(2);
  });

  it('when the leader’s lease session dies, the other leads within seconds under a new epoch', SLOW, async () => {
    const { a, b } = await twoServers();
    expect((await a.post(announcement('trước sự cố'))).status).toBe(200);
    const onB = await b.connect();
    const onA = await a.connect();
    await waitUntil(() => b.ioc.hub.epoch === a.ioc.hub.epoch, 'B copies A');
    const before = await b.subscribe(onB, { topic: 'ticker.items' });
    await a.subscribe(onA, { topic: 'ticker.items' });
    const seenB = watch(onB, 'ticker.items');
    const seenA = watch(onA, 'ticker.items');
    const oldEpoch = a.ioc.hub.epoch;

    // As a crash or a network cut would: the lock's session ends on the PostgreSQL side.
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [a.ioc.app.scaleout!.lease.backendPid]);
    await admin.end();

    await waitUntil(() => a.ioc.app.scaleout?.leading() === false, 'A steps down');
    await waitUntil(() => b.ioc.app.scaleout?.leading() === true, 'B takes the lead', 10_000);
    expect(b.ioc.hub.epoch).not.toBe(oldEpoch);
    await waitUntil(() => seenB.resets.includes('ticker.items'), 'screens on B are told to take a snapshot');
    await waitUntil(() => a.ioc.hub.epoch === b.ioc.hub.epoch, 'A copies the new leader');
    await waitUntil(() => seenA.resets.includes('ticker.items'), 'screens on A are told to take a snapshot');

    // A resume with the old epoch gets a snapshot rebuilt from the store, not a replay.
    const fresh = await b.subscribe(onB, {
      topic: 'ticker.items',
      sinceSeq: before.ok && before.mode === 'snapshot' ? before.snapshot.seq : 0,
      epoch: oldEpoch,
    });
    expect(fresh).toMatchObject({ ok: true, mode: 'snapshot' });
    expect(JSON.stringify(fresh)).toContain('trước sự cố');
    await a.subscribe(onA, { topic: 'ticker.items' });

    expect((await b.post(announcement('sau khi chuyển'))).status).toBe(200);
    await waitUntil(() => seenB.saw('sau khi chuyển'), 'an event ingested via B reaches a screen on B');
    await waitUntil(() => seenA.saw('sau khi chuyển'), 'and a screen on A');
    const last = seenB.deltas.at(-1)!;
    expect(fresh.ok && fresh.mode === 'snapshot' && last.seq).toBe(
      fresh.ok && fresh.mode === 'snapshot' ? fresh.snapshot.seq + 1 : -1,
    );

    // The new leader is live once rebuilt: a burst of more than the ticker keeps (its newest 50)
    // reaches the screens on both processes item by item, none pushed out unseen.
    const burst = Array.from({ length: 120 }, (_, i) => announcement(`loạt ${i}`));
    expect((await b.post(burst)).status).toBe(200);
    const upserted = (deltas: TopicDeltaMessage[]) =>
      new Set(deltas.flatMap((d) => ((d.delta as { upsert?: Array<{ id: string }> }).upsert ?? []).map((i) => i.id)));
    await waitUntil(
      () => [seenA, seenB].every((seen) => burst.every((event) => upserted(seen.deltas).has(event.id))),
      'every item of the burst reaches the screens on A and on B',
    );
  });
});
