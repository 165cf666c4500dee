/**
 * The presence board on the real Redis (a key prefix of its own): what a process says is seen by
 * the others; a process that closes withdraws at once; one that dies (stops rewriting its word,
 * withdraws nothing) drops off by expiry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { RedisPresenceBoard } from './redis-presence-board';
import type { RedisClient } from './redis-adapter';
import type { ScreenPresence } from '../realtime/presence-board';
import { TEST_REDIS_URL, uniqueName } from '../test-support/pg-schema';
import { waitUntil } from '../test-support/wait-until';

const clients: RedisClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

async function client(): Promise<RedisClient> {
  const redis: RedisClient = createClient({ url: TEST_REDIS_URL });
  await redis.connect();
  clients.push(redis);
  return redis;
}

const entry = (screenId: string, online: boolean): ScreenPresence => ({
  screenId,
  online,
  since: 1000,
  connections: online ? 1 : 0,
  heartbeat: null,
  heartbeatAt: null,
});

describe('presence board on Redis', () => {
  it('shows each process what the others say, and forgets a closed one at once', async () => {
    const prefix = uniqueName('ioc_test');
    const a = new RedisPresenceBoard(await client(), prefix);
    const b = new RedisPresenceBoard(await client(), prefix);
    await a.publish([entry('ops', true), entry('panel', false)]);
    await b.publish([entry('lobby', true)]);
    expect(await a.others()).toEqual([entry('lobby', true)]);
    expect((await b.others()).map((e) => e.screenId).sort()).toEqual(['ops', 'panel']);
    await a.publish([entry('panel', true)]);
    expect(await b.others()).toEqual([entry('panel', true)]);
    await a.withdraw();
    expect(await b.others()).toEqual([]);
  });

  it('drops a process that stops speaking once its word expires', async () => {
    const prefix = uniqueName('ioc_test');
    const dying = new RedisPresenceBoard(await client(), prefix, 300);
    const living = new RedisPresenceBoard(await client(), prefix);
    await dying.publish([entry('ops', true)]);
    expect(await living.others()).toEqual([entry('ops', true)]);
    // No more publishes and no withdraw, as when the process is killed.
    await waitUntil(async () => (await living.others()).length === 0, 'the dead process’s screens leave the board');
  });
});
