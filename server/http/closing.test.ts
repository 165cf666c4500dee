/**
 * The graceful stop, at HTTP and socket level on a real app: readiness goes false first while
 * requests are still served; then a request already in flight is answered 2xx and stored, a
 * request that arrives after is refused 503 with Retry-After and nothing stored, and screens are
 * told to reconnect elsewhere before their socket closes. Never a 2xx for an event that is lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { rmSync } from 'node:fs';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { waitUntil } from '../test-support/wait-until';
import { openDataStore } from '../store/data-folder';
import { EventStore } from '../store/event-store';
import type { LeavingNotice } from '../protocol/index';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose();
});

let counter = 0;
function announcement(text: string) {
  const id = `shutdown-${++counter}-${Date.now()}`;
  return {
    id,
    body: JSON.stringify({
      domain: 'announcements',
      kind: 'announcement.published',
      id,
      data: {
        announcementId: id,
        text: { vi: `Thông báo ${text}`, en: `Notice ${text}` },
        priority: 'normal',
        validTo: new Date(Date.now() + 3_600_000).toISOString(),
      },
    }),
  };
}

/** One raw HTTP/1.1 connection, so the test decides when each byte of a request leaves. */
function rawConnection(url: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  return {
    ready: new Promise<void>((resolve) => socket.once('connect', () => resolve())),
    write: (text: string) => socket.write(text),
    received: () => received,
    closed,
  };
}

function head(apiKey: string, length: number) {
  return (
    `POST /api/v1/events HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n` +
    `Authorization: Bearer ${apiKey}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`
  );
}

/** The responses on a raw connection, in order: status, headers, body. */
function responses(raw: string) {
  const found: Array<{ status: number; headers: string; body: string }> = [];
  const pattern = /HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n/g;
  for (let match = pattern.exec(raw); match; match = pattern.exec(raw)) {
    const length = Number(/content-length: (\d+)/i.exec(match[2]!)?.[1] ?? 0);
    const start = match.index + match[0].length;
    found.push({ status: Number(match[1]), headers: match[2]!.toLowerCase(), body: raw.slice(start, start + length) });
    pattern.lastIndex = start + length;
  }
  return found;
}

describe('graceful shutdown', () => {
  it('says not ready first, finishes what is in flight, refuses the rest with 503 + Retry-After, tells screens to leave', async () => {
    const app = await startTestApp({ leaving: { reconnectAfterMs: 100, jitterMs: 400 } });
    apps.push(app);
    await app.ioc.startFeeds();
    const screen = await app.connect();
    const told: string[] = [];
    let notice: LeavingNotice | null = null;
    screen.on('server:leaving', (leaving) => {
      notice = leaving;
      told.push('leaving');
    });
    screen.on('disconnect', () => told.push('disconnect'));

    // A request in flight: its head and half its body are in, the rest comes during the close.
    const inFlight = announcement('đang gửi');
    const raw = rawConnection(app.url);
    await raw.ready;
    raw.write(head(app.apiKey, Buffer.byteLength(inFlight.body)) + inFlight.body.slice(0, 40));

    let drained!: () => void;
    const shutdown = app.ioc.shutdown({ drain: () => new Promise<void>((resolve) => (drained = resolve)) });
    await waitUntil(() => drained !== undefined, 'the shutdown reaches its drain');

    // The drain: a balancer asking readiness hears "closing", while requests are still served.
    const ready = await fetch(`${app.url}/api/v1/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).not.toBeNull();
    expect(JSON.stringify(await ready.json())).toContain('shutting down');
    const during = announcement('trong lúc chờ');
    expect((await app.post(during.body)).status).toBe(200);

    drained();
    await waitUntil(() => !app.ioc.app.server.listening, 'the server stops accepting connections');
    // The rest of the in-flight body, and a second request right behind it on the same connection.
    const late = announcement('đến muộn');
    raw.write(inFlight.body.slice(40) + head(app.apiKey, Buffer.byteLength(late.body)) + late.body);
    await shutdown;
    await raw.closed;

    const [first, second] = responses(raw.received());
    expect(first?.status).toBe(200);
    expect(second?.status).toBe(503);
    expect(second?.headers).toMatch(/retry-after: \d+/);
    const refusal = JSON.parse(second!.body) as { messageVi: string; message: string };
    expect(refusal.messageVi).toContain('máy chủ đang dừng');
    expect(refusal.message).toContain('shutting down');

    expect(notice).toEqual({ reconnectAfterMs: 100, jitterMs: 400 });
    await waitUntil(() => told.includes('disconnect'), 'the screen’s socket closes');
    expect(told).toEqual(['leaving', 'disconnect']);

    // Everything answered 2xx is in the store; the refused event is not.
    const db = openDataStore(app.dataDir);
    try {
      const known = new EventStore(db).knownKeys([inFlight.id, during.id, late.id]);
      expect([...known].sort()).toEqual([inFlight.id, during.id].sort());
    } finally {
      db.close();
    }
    rmSync(app.dataDir, { recursive: true, force: true });
  }, 60_000);
});
