/**
 * A rolling restart of two servers (PostgreSQL + Redis) behind one address (a small TCP proxy,
 * round-robin with fallback as a balancer does): the leader is stopped gracefully and started
 * again, then the other. A screen holds one page through it all, reconnecting as the display
 * does (at once on `server:leaving`) and resuming its topic: every change arrives in seq order or
 * after a `topic:reset` snapshot, never a gap; a feed posting all along (retrying a 503 or a
 * dropped connection with the same event id) has every event it got a 2xx for in the store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { freshPgSchema, TEST_REDIS_URL, uniqueName, type TestSchema } from '../test-support/pg-schema';
import { startTcpProxy, type TcpProxy } from '../test-support/tcp-proxy';
import { waitUntil } from '../test-support/wait-until';
import type {
  ClientToServerEvents,
  LeavingNotice,
  ServerToClientEvents,
  SubscribeAck,
  TickerItem,
  TopicDeltaMessage,
} from '../protocol/index';

const running: TestApp[] = [];
const dataDirs: string[] = [];
const schemas: TestSchema[] = [];
let proxy: TcpProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
  for (const app of running.splice(0)) await app.close();
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas.splice(0)) await schema.drop();
}, 60_000);

const TOPIC = 'ticker.items' as const;

/**
 * A screen as the display is one (`display/live/connection.svelte.ts`, `topic-store.svelte.ts`):
 * one page that never reloads, its own reconnects, its topic resumed by seq and epoch.
 */
function screenThrough(url: string) {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const state = {
    /** The run the seq belongs to: the last answer's (a welcome's can be older). */
    epoch: '',
    welcomedIn: '',
    seq: -1,
    items: new Map<string, TickerItem>(),
    gaps: [] as string[],
    resets: 0,
    reconnects: 0,
    leavingNotices: 0,
    closed: false,
  };
  /**
   * A subscription is on its way: as the display (`LiveTopics.receive`), deltas heard meanwhile are
   * not applied, since the answer (a replay up to now, or a snapshot) covers them. Told
   * `topic:reset`, a screen still holds the old seq until the snapshot comes, and the deltas the
   * server sends in between follow the new state, not the old one.
   */
  let inFlight = 0;
  let leaving: LeavingNotice | null = null;

  const applyDelta = (message: TopicDeltaMessage) => {
    if (message.seq <= state.seq) return;
    if (message.seq !== state.seq + 1) {
      state.gaps.push(`${state.seq} → ${message.seq}`);
      void subscribe(false);
      return;
    }
    const delta = message.delta as { upsert?: TickerItem[]; remove?: string[] };
    for (const id of delta.remove ?? []) state.items.delete(id);
    for (const item of delta.upsert ?? []) state.items.set(item.id, item);
    state.seq = message.seq;
  };
  const subscribe = async (resume: boolean) => {
    const request =
      resume && state.seq >= 0 ? { topic: TOPIC, sinceSeq: state.seq, epoch: state.epoch } : { topic: TOPIC };
    let answer: SubscribeAck;
    inFlight++;
    try {
      answer = await socket.timeout(10_000).emitWithAck('topic:subscribe', request);
    } catch {
      return; // the connection went meanwhile: the next connect subscribes again
    } finally {
      inFlight--;
    }
    if (!answer.ok) return;
    if (answer.mode === 'snapshot') {
      state.items = new Map((answer.snapshot.data as TickerItem[]).map((item) => [item.id, item]));
      state.seq = answer.snapshot.seq;
    } else {
      for (const message of answer.deltas) applyDelta(message);
    }
    state.epoch = answer.epoch ?? state.welcomedIn;
  };

  socket.on('session:welcome', (welcome) => (state.welcomedIn = welcome.epoch));
  socket.on('connect', () => void subscribe(true));
  socket.on('topic:delta', (message) => {
    if (message.topic === TOPIC && inFlight === 0 && state.seq >= 0) applyDelta(message);
  });
  socket.on('topic:reset', (topic) => {
    if (topic !== TOPIC) return;
    state.resets++;
    void subscribe(false);
  });
  socket.on('server:leaving', (notice) => {
    state.leavingNotices++;
    leaving = notice;
  });
  const reconnect = (delay: number) =>
    setTimeout(() => {
      if (state.closed || socket.connected) return;
      state.reconnects++;
      socket.connect();
    }, delay);
  socket.on('disconnect', () => {
    if (state.closed) return;
    // As the display: the leaving server's short pause, else a short backoff (the test's, not 30 s).
    reconnect(leaving ? leaving.reconnectAfterMs + Math.random() * leaving.jitterMs : 200);
    leaving = null;
  });
  socket.on('connect_error', () => reconnect(200));
  return {
    state,
    shows: (id: string) => state.items.has(id),
    close: () => {
      state.closed = true;
      socket.disconnect();
    },
  };
}

/** A feed posting through the proxy: retries a 503 or a dropped connection with the same id. */
function feedThrough(url: string, apiKey: string) {
  const acknowledged: string[] = [];
  let refusals = 0;
  let dropped = 0;
  let stop = false;
  let n = 0;
  const post = async (id: string) => {
    const body = JSON.stringify({
      domain: 'announcements',
      kind: 'announcement.published',
      id,
      data: {
        announcementId: id,
        text: { vi: `Thông báo ${id}`, en: `Notice ${id}` },
        priority: 'normal',
        validTo: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    for (;;) {
      try {
        const response = await fetch(`${url}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
          body,
        });
        await response.arrayBuffer();
        if (response.status === 200) return acknowledged.push(id);
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).not.toBeNull();
        refusals++;
      } catch {
        dropped++;
      }
      await new Promise((resolve) => setTimeout(resolve, 50)); // a feed's retry pause, not a wait for a state
    }
  };
  const running = (async () => {
    while (!stop) {
      await post(`roll-${++n}-${Date.now()}`);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the feed's pace
    }
  })();
  return {
    acknowledged,
    stats: () => ({ refusals, dropped }),
    stop: async () => {
      stop = true;
      await running;
    },
  };
}

describe('rolling restart of two servers behind one address', () => {
  it('loses no acknowledged event and reloads no screen', { timeout: 240_000 }, async () => {
    const schema = freshPgSchema();
    schemas.push(schema);
    const options = {
      database: { url: schema.url, schema: schema.schema },
      redis: { url: TEST_REDIS_URL, prefix: uniqueName('ioc_roll') },
      scaleout: { retryMs: 200 },
      leaving: { reconnectAfterMs: 50, jitterMs: 200 },
    };
    const start = async (dataDir?: string) => {
      const app = await startTestApp({ ...options, ...(dataDir ? { dataDir } : {}) });
      running.push(app);
      if (!dataDirs.includes(app.dataDir)) dataDirs.push(app.dataDir);
      await app.ioc.startFeeds();
      return app;
    };
    const portOf = (app: TestApp) => Number(new URL(app.url).port);
    const stopGracefully = async (app: TestApp) => {
      running.splice(running.indexOf(app), 1);
      await app.ioc.shutdown();
    };

    let a = await start();
    // Feed keys are shared on PostgreSQL: B accepts the key A made, across both restarts.
    let b = await start();
    const ports = [portOf(a), portOf(b)];
    proxy = await startTcpProxy(() => ports);

    const screen = screenThrough(proxy.url);
    const feed = feedThrough(proxy.url, a.apiKey);
    const seesLatest = async (what: string) => {
      const count = feed.acknowledged.length;
      await waitUntil(() => feed.acknowledged.length >= count + 3, `the feed gets 2xx ${what}`, 60_000);
      const id = feed.acknowledged.at(-1)!;
      await waitUntil(() => screen.shows(id), `the screen shows an event acknowledged ${what}`, 60_000);
    };
    await seesLatest('before the restart');

    // The leader first: its lease goes to B, which rebuilds under a new epoch.
    expect(a.ioc.app.scaleout?.leading()).toBe(true);
    await stopGracefully(a);
    await waitUntil(() => b.ioc.app.scaleout?.leading() === true, 'B leads once A has left', 30_000);
    await seesLatest('while A is down');
    a = await start(a.dataDir);
    ports[0] = portOf(a);
    await seesLatest('after A is back');

    await stopGracefully(b);
    await waitUntil(() => a.ioc.app.scaleout?.leading() === true, 'A leads once B has left', 30_000);
    await seesLatest('while B is down');
    b = await start(b.dataDir);
    ports[1] = portOf(b);
    await seesLatest('after B is back');

    await feed.stop();
    const acknowledged = [...feed.acknowledged];
    // Every acknowledged event is stored (one store: either process answers for it).
    const known = await a.ioc.store.knownKeys(acknowledged);
    expect(acknowledged.filter((id) => !known.has(id))).toEqual([]);
    // The screen's page shows what the leader holds now: every change reached it.
    await waitUntil(() => screen.shows(acknowledged.at(-1)!), 'the screen shows the last acknowledged event');
    const now = a.ioc.hub.snapshot(TOPIC);
    await waitUntil(() => screen.state.seq === now.seq, 'the screen has the leader’s latest seq');
    expect([...screen.state.items.keys()].sort()).toEqual(now.data.map((item) => item.id).sort());
    expect(screen.state.gaps).toEqual([]);
    // Both restarts moved the screen: told to leave, reconnected, never a new page.
    expect(screen.state.leavingNotices).toBeGreaterThanOrEqual(1);
    expect(screen.state.reconnects).toBeGreaterThanOrEqual(1);
    expect(acknowledged.length).toBeGreaterThanOrEqual(15);
    screen.close();
  });
});
