import type { Socket as NetSocket } from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { TokenBucket } from './socket-limits';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const PUBLIC_TOPICS = ['traffic.summary', 'kpi.values', 'education.summary', 'tourism.summary'] as const;

describe('token bucket', () => {
  it('allows a burst, then the refill rate', () => {
    let clock = 0;
    const bucket = new TokenBucket(2, 1, () => clock);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    clock += 1000;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
  });
});

describe('per-socket limits', () => {
  it('caps subscriptions per socket and the subscribe rate, with a bilingual refusal', async () => {
    let clock = Date.now();
    const app: TestApp = await startTestApp({
      now: () => clock,
      socketLimits: { maxSubscriptions: 3, subscribeBurst: 5, subscribesPerSecond: 1 },
    });
    cleanup.push(() => app.dispose());
    const socket = await app.connect();
    const answers = [];
    for (const topic of PUBLIC_TOPICS) answers.push(await app.subscribe(socket, { topic }));
    expect(answers.map((answer) => answer.ok)).toEqual([true, true, true, false]);
    expect(answers[3]).toMatchObject({
      ok: false,
      error: {
        code: 'too_many_subscriptions',
        message: { vi: expect.stringContaining('Tối đa 3'), en: expect.stringContaining('At most 3') },
      },
    });
    // Leaving a topic makes room for another.
    socket.emit('topic:unsubscribe', { topic: 'kpi.values' });
    expect(await app.subscribe(socket, { topic: 'tourism.summary' })).toMatchObject({ ok: true });
    // Asking again and again for a snapshot runs out of tokens (5 in the bucket; a refused subscription takes none).
    expect(await app.subscribe(socket, { topic: 'traffic.summary' })).toMatchObject({ ok: true });
    expect(await app.subscribe(socket, { topic: 'traffic.summary' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    clock += 1000;
    expect(await app.subscribe(socket, { topic: 'traffic.summary' })).toMatchObject({ ok: true });
  });

  it('drops a client that stops reading once its unsent bytes pass the bound, and keeps the others', async () => {
    const app: TestApp = await startTestApp({
      socketLimits: { maxBufferedBytes: 256 * 1024, subscribeBurst: 1_000_000, subscribesPerSecond: 1_000_000 },
    });
    cleanup.push(() => app.dispose());
    const reader = await app.connect();
    expect(await app.subscribe(reader, { topic: 'education.schools' })).toMatchObject({ ok: true });

    // A raw client: Engine.IO handshake, join the namespace, then never read its TCP socket again.
    const hostile = new WebSocket(`${app.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    cleanup.push(() => hostile.terminate());
    await new Promise<void>((resolve, reject) => {
      hostile.on('error', reject);
      hostile.on('message', (data) => {
        const text = data.toString();
        if (text.startsWith('0')) hostile.send('40');
        if (text.startsWith('40')) {
          (hostile as unknown as { _socket: NetSocket })._socket.pause();
          resolve();
        }
      });
    });
    expect(app.ioc.io.engine.clientsCount).toBe(2);

    // Each answer carries the topic's whole snapshot: ask until the server gives up on this client.
    const deadline = Date.now() + 20_000;
    let ack = 0;
    while (app.ioc.gateway.droppedSlowReaders === 0 && Date.now() < deadline) {
      for (let i = 0; i < 20 && hostile.readyState === WebSocket.OPEN; i++) {
        hostile.send(`42${++ack}${JSON.stringify(['topic:subscribe', { topic: 'education.schools' }])}`);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(app.ioc.gateway.droppedSlowReaders).toBe(1);
    while (app.ioc.io.engine.clientsCount > 1 && Date.now() < deadline)
      await new Promise((resolve) => setImmediate(resolve));
    expect(app.ioc.io.engine.clientsCount).toBe(1);
    // The reading client was not touched.
    expect(reader.connected).toBe(true);
    expect(await app.subscribe(reader, { topic: 'traffic.summary' })).toMatchObject({ ok: true });
  });
});

describe('a client that keeps asking past its budget', () => {
  it('is disconnected', async () => {
    const app: TestApp = await startTestApp({
      socketLimits: { subscribeBurst: 2, subscribesPerSecond: 0.001, maxRefusalsInARow: 5 },
    });
    cleanup.push(() => app.dispose());
    const socket = await app.connect();
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const codes: string[] = [];
    for (let i = 0; i < 8 && socket.connected; i++) {
      const answer = await app.subscribe(socket, { topic: 'traffic.summary' });
      codes.push(answer.ok ? 'ok' : answer.error.code);
    }
    expect(await disconnected).toBe('io server disconnect');
    expect(codes).toEqual(['ok', 'ok', ...Array(6).fill('rate_limited')]);
    expect(app.ioc.gateway.droppedAbusive).toBe(1);
  });
});
