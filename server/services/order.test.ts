/**
 * The services declare what they need: registered out of order, Fastify refuses at start with the
 * missing one named, instead of a route finding `undefined` on the instance at its first request.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import clock from './clock';
import storeService from './store';
import accessService from './access';
import realtimeService from './realtime';

describe('service plugins', () => {
  it('refuse to start before the services they need, naming what is missing', async () => {
    const app = Fastify();
    await app.register(clock, {});
    // The access store lives in the database: without the store plugin it must not start.
    await expect(app.register(accessService)).rejects.toThrow(/'db' required by 'access'/);
    await app.close();
  });

  it('start in the order app.ts registers them, and decorate the instance', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ioc-order-'));
    const app = Fastify();
    await app.register(clock, { now: () => 1_000 });
    await app.register(storeService, { dataDir });
    await app.register(accessService);
    expect(app.access.users()).toEqual([]);
    expect(app.now()).toBe(1_000);
    // Realtime needs the config, Socket.IO, the hub and the screens, none registered here.
    await expect(app.register(realtimeService, { version: 'test' })).rejects.toThrow(/required by 'realtime'/);
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
