/**
 * The live pipeline end to end, in-process: HTTP ingest → store → aggregators → hub → Socket.IO
 * clients, on an ephemeral port with a temporary database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSocket } from './test-support/test-app';
import { waitUntil } from './test-support/wait-until';
import type { TickerItem, TopicDeltaMessage } from './protocol/index';

const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.dispose()));
});

async function start(options: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const app = await startTestApp(options);
  apps.push(app);
  return app;
}

let counter = 0;
function announcement(text: string, id = `t-${++counter}-${Date.now()}`) {
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

function incident(lat = 21.85, lon = 106.76) {
  const id = `inc-${++counter}`;
  return {
    domain: 'traffic',
    kind: 'traffic.incident',
    id,
    data: {
      incidentId: id,
      kind: 'crash',
      severity: 'minor',
      lat,
      lon,
      place: 'Ngã tư Hùng Vương – Lê Lợi',
      injuries: 1,
      deaths: 0,
    },
  };
}

/** Collects the deltas a socket receives for one topic. */
function collect(socket: TestSocket, topic: string): TopicDeltaMessage[] {
  const messages: TopicDeltaMessage[] = [];
  socket.on('topic:delta', (message) => {
    if (message.topic === topic) messages.push(message);
  });
  return messages;
}

const settle = (ms = 80) => new Promise((resolve) => setTimeout(resolve, ms));

function upsertedIds(messages: TopicDeltaMessage[]): string[] {
  return messages.flatMap((message) =>
    ((message.delta as { upsert?: TickerItem[] }).upsert ?? []).map((item) => item.id),
  );
}

describe('live pipeline', () => {
  it('answers a subscription with a snapshot and its seq, then sends deltas', async () => {
    const app = await start();
    const socket = await app.connect();
    const answer = await app.subscribe(socket, { topic: 'ticker.items' });
    expect(answer).toMatchObject({ ok: true, mode: 'snapshot' });
    if (!answer.ok || answer.mode !== 'snapshot') throw new Error('expected a snapshot');
    const deltas = collect(socket, 'ticker.items');

    const posted = announcement('cắt điện phường Chi Lăng');
    const response = await app.post(posted);
    expect(response).toMatchObject({ status: 200, body: { accepted: 1, duplicates: 0 } });
    await settle();

    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.seq).toBe(answer.snapshot.seq + 1);
    expect(upsertedIds(deltas)).toEqual([posted.id]);
  });

  it('replays exactly the missed deltas to a client that resumes with its last seq', async () => {
    const app = await start();
    const first = await app.connect();
    const answer = await app.subscribe(first, { topic: 'ticker.items' });
    if (!answer.ok || answer.mode !== 'snapshot') throw new Error('expected a snapshot');
    const epoch = app.ioc.hub.epoch;
    first.disconnect();

    const missed = [announcement('một'), announcement('hai'), announcement('ba')];
    for (const event of missed) {
      await app.post(event);
      await settle(40); // separate ticks: three deltas
    }

    const second = await app.connect();
    const resumed = await app.subscribe(second, { topic: 'ticker.items', sinceSeq: answer.snapshot.seq, epoch });
    expect(resumed).toMatchObject({ ok: true, mode: 'replay' });
    if (!resumed.ok || resumed.mode !== 'replay') throw new Error('expected a replay');
    expect(resumed.deltas.map((delta) => delta.seq)).toEqual([1, 2, 3].map((n) => answer.snapshot.seq + n));
    expect(upsertedIds(resumed.deltas)).toEqual(missed.map((event) => event.id));

    // Nothing twice afterwards: the next change follows the replay directly.
    const later = collect(second, 'ticker.items');
    await app.post(announcement('bốn'));
    await settle();
    expect(later.map((delta) => delta.seq)).toEqual([answer.snapshot.seq + 4]);
  });

  it('coalesces a burst into one message per tick and room, and every item of it reaches every screen', async () => {
    const app = await start();
    const sockets = await Promise.all([app.connect(), app.connect(), app.connect()]);
    const received = sockets.map((socket) => collect(socket, 'ticker.items'));
    for (const socket of sockets) await app.subscribe(socket, { topic: 'ticker.items' });

    // Four times what the ticker keeps (its newest 50), in one request: one turn of the server.
    const burst = Array.from({ length: 200 }, (_, i) => announcement(`tin ${i}`));
    const response = await app.post(burst);
    expect(response.body).toMatchObject({ accepted: 200 });
    await waitUntil(
      () => received.every((messages) => new Set(upsertedIds(messages)).size === 200),
      'every screen has every item of the burst',
    );

    for (const messages of received) {
      // Without the rule, one message of the newest 50: 150 items no screen ever saw. With it, a
      // message before each 50 more would push out unseen ones, and the tick's.
      expect(messages.length).toBeLessThanOrEqual(200 / 50 + 1);
    }
    expect(received[0]!.map((m) => m.seq)).toEqual(received[1]!.map((m) => m.seq));
  });

  it('refuses internal topics to a public connection and serves them to an internal screen', async () => {
    const app = await start();
    const anonymous = await app.connect();
    const panel = await app.connect({ screenId: 'panel' });
    const ops = await app.connect({ role: 'operator' });
    expect(await app.subscribe(anonymous, { topic: 'traffic.incidents' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await app.subscribe(panel, { topic: 'reports.recent' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await app.subscribe(panel, { topic: 'ticker.items' })).toMatchObject({ ok: true });
    expect(await app.subscribe(ops, { topic: 'traffic.incidents' })).toMatchObject({ ok: true });

    // And the refused socket receives nothing of it afterwards.
    const leaked = collect(anonymous, 'traffic.incidents');
    const seen = collect(ops, 'traffic.incidents');
    await app.post(incident());
    await settle();
    expect(leaked).toHaveLength(0);
    expect(seen).toHaveLength(1);
  });

  it('welcomes each connection with its audience and the server epoch', async () => {
    const app = await start();
    // A raw client, so the listener is in place before the welcome arrives.
    const { io } = await import('socket.io-client');
    const { token } = await app.ioc.security.createScreenToken('ops', { actor: 'test' });
    const client = io(app.url, { transports: ['websocket'], auth: { screenToken: token }, forceNew: true });
    const message = await new Promise((resolve) => client.once('session:welcome', resolve));
    client.disconnect();
    expect(message).toMatchObject({ audience: 'internal', screenId: 'ops', epoch: app.ioc.hub.epoch });
    // Claiming an internal screen without its token gives the public audience only.
    const claimant = io(app.url, { transports: ['websocket'], auth: { screenId: 'ops' }, forceNew: true });
    const claimed = await new Promise((resolve) => claimant.once('session:welcome', resolve));
    claimant.disconnect();
    expect(claimed).toMatchObject({ audience: 'public', screenId: null });
  });

  it('answers bad subscription requests with an error, not a crash', async () => {
    const app = await start();
    const socket = await app.connect({ role: 'operator' });
    expect(await app.subscribe(socket, { topic: 'no.such.topic' as 'ticker.items' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_topic' },
    });
    expect(await app.subscribe(socket, { topic: 'ticker.items', sinceSeq: -4 })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await socket.timeout(2000).emitWithAck('topic:subscribe', null as never)).toMatchObject({ ok: false });
    expect(await app.subscribe(socket, { topic: 'ticker.items' })).toMatchObject({ ok: true });
  });

  it('acknowledges a repeated idempotency key without storing it twice', async () => {
    const app = await start();
    const event = announcement('lặp lại', 'retry-key-1');
    expect((await app.post(event)).body).toMatchObject({ accepted: 1, duplicates: 0 });
    const countAfterFirst = app.ioc.store.count();
    expect((await app.post(event)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await app.post([event, event])).body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(app.ioc.store.count()).toBe(countAfterFirst);
  });

  it('rejects a whole batch with one bad event, naming the index and field, and stores nothing', async () => {
    const app = await start();
    const socket = await app.connect({ role: 'operator' });
    await app.subscribe(socket, { topic: 'traffic.incidents' });
    const deltas = collect(socket, 'traffic.incidents');
    const before = app.ioc.store.count();

    const response = await app.post([incident(), incident(), incident(200, 106.7)]);
    expect(response.status).toBe(400);
    expect(response.body.field).toBe('events[2].data.lat');
    expect(String(response.body.message)).toContain('events[2].data.lat');
    expect(String(response.body.messageVi)).toContain('events[2].data.lat');

    await settle();
    expect(app.ioc.store.count()).toBe(before);
    expect(deltas).toHaveLength(0);
  });

  it('gives a clear 4xx for malformed, oversized and unknown input', async () => {
    const app = await start();
    const malformed = await app.post('{"domain": "traffic", ');
    expect(malformed).toMatchObject({ status: 400, body: { field: 'body' } });

    const unknownDomain = await app.post({ domain: 'weather', kind: 'x', data: {} });
    expect(unknownDomain).toMatchObject({ status: 400, body: { field: 'events[0].domain' } });

    const unknownKind = await app.post({ domain: 'traffic', kind: 'traffic.teleport', data: {} });
    expect(unknownKind).toMatchObject({ status: 400, body: { field: 'events[0].kind' } });

    const missing = await app.post({ domain: 'traffic', kind: 'traffic.incident', data: { incidentId: 'x' } });
    expect(missing.status).toBe(400);
    expect(String(missing.body.field)).toMatch(/^events\[0\]\.data\./);

    const extra = await app.post({ ...incident(), extra: 1 });
    expect(extra).toMatchObject({ status: 400, body: { field: 'events[0].extra' } });

    const future = await app.post({ ...incident(), time: '2999-01-01T00:00:00Z' });
    expect(future).toMatchObject({ status: 400, body: { field: 'events[0].time' } });

    const tooMany = await app.post(Array.from({ length: 10_001 }, () => incident()));
    expect(tooMany).toMatchObject({ status: 400, body: { field: 'events' } });

    const huge = await fetch(`${app.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.apiKey}` },
      body: JSON.stringify({ ...incident(), data: { ...incident().data, place: 'x'.repeat(17 * 1024 * 1024) } }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { field: string }).field).toBe('body');

    expect(app.ioc.store.count()).toBe(0);
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
  });

  it('keeps every acknowledged event across a restart and rebuilds the topics from them', async () => {
    const app = await start();
    const events = Array.from({ length: 20 }, (_, i) => announcement(`bền vững ${i}`));
    for (const event of events) expect((await app.post(event)).status).toBe(200);
    await app.post(incident());
    const stored = app.ioc.store.count();
    await app.close();

    const again = await start({ dataDir: app.dataDir });
    expect(again.ioc.store.count()).toBe(stored);
    const socket = await again.connect();
    const answer = await again.subscribe(socket, { topic: 'ticker.items' });
    if (!answer.ok || answer.mode !== 'snapshot') throw new Error('expected a snapshot');
    const ids = new Set((answer.snapshot.data as TickerItem[]).map((item) => item.id));
    for (const event of events.slice(-5)) expect(ids.has(event.id)).toBe(true);
  });

  it('serves topics, snapshots and health over HTTP', async () => {
    const app = await start();
    await app.post(announcement('qua HTTP'));
    const topics = (await (await fetch(`${app.url}/api/v1/topics`)).json()) as {
      topics: Array<{ name: string; audience: string; seq: number }>;
    };
    expect(topics.topics.find((topic) => topic.name === 'ticker.items')).toMatchObject({ audience: 'public' });
    expect(topics.topics.find((topic) => topic.name === 'reports.recent')).toMatchObject({ audience: 'internal' });

    const snapshot = await fetch(`${app.url}/api/v1/topics/ticker.items`);
    expect(snapshot.status).toBe(200);
    expect(((await snapshot.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
    expect((await fetch(`${app.url}/api/v1/topics/reports.recent`)).status).toBe(401);
    const { cookie } = await app.signIn('leader');
    expect((await fetch(`${app.url}/api/v1/topics/reports.recent`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${app.url}/api/v1/topics/nope`)).status).toBe(404);

    const health = (await (await fetch(`${app.url}/api/v1/health`)).json()) as {
      status: string;
      store: { ok: boolean; events: number };
    };
    expect(health).toMatchObject({ status: 'ok', store: { ok: true, events: 1 } });
  });
});

describe('lifecycle rules at ingest', () => {
  const created = (id: string) => ({
    domain: 'reports',
    kind: 'report.created',
    id: `${id}-created`,
    data: { reportId: id, category: 'waste', title: 'Rác', description: '', lat: 21.85, lon: 106.76 },
  });
  const status = (id: string, to: string, key?: string) => ({
    domain: 'reports',
    kind: 'report.status',
    ...(key ? { id: key } : {}),
    data: { reportId: id, status: to },
  });

  it('refuses an impossible move with 409, naming the event and what is allowed, and stores nothing of the batch', async () => {
    const app = await start();
    const before = app.ioc.store.count();
    // Approval is a person's decision (a feed key may not post it): as a signed-in moderator.
    const response = await app.postAsModerator([created('lc-1'), status('lc-1', 'approved'), status('lc-1', 'closed')]);
    expect(response.status).toBe(409);
    expect(response.body.field).toBe('events[2].data.status');
    expect(String(response.body.message)).toContain(
      'cannot go from approved to closed (allowed: assigned, rejected, duplicate, not_responsible)',
    );
    expect(app.ioc.store.count()).toBe(before);

    expect((await app.postAsModerator(status('nobody', 'approved'))).body).toMatchObject({
      field: 'events[0].data.reportId',
    });
    expect(
      (
        await app.post({
          domain: 'reports',
          kind: 'report.rated',
          data: { reportId: 'lc-1', satisfied: true, score: 5 },
        })
      ).status,
    ).toBe(409);
  });

  it('refuses an extension that is not later than the deadline, or for a closed report', async () => {
    const app = await start();
    expect((await app.post(created('lc-3'))).status).toBe(200);
    const early = await app.post({
      domain: 'reports',
      kind: 'report.extended',
      data: { reportId: 'lc-3', newDueAt: Date.now() - 1000 },
    });
    expect(early).toMatchObject({ status: 409, body: { field: 'events[0].data.newDueAt' } });
    const later = await app.post({
      domain: 'reports',
      kind: 'report.extended',
      data: { reportId: 'lc-3', newDueAt: Date.now() + 7 * 86_400_000 },
    });
    expect(later.status).toBe(200);
  });

  it('still acknowledges a retried move as a duplicate', async () => {
    const app = await start();
    expect((await app.postAsModerator([created('lc-2'), status('lc-2', 'approved', 'lc-2-approved')])).status).toBe(
      200,
    );
    expect((await app.postAsModerator(status('lc-2', 'approved', 'lc-2-approved'))).body).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
  });
});
