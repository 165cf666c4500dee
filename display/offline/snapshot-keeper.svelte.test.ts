import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { SnapshotKeeper, type KeptConnection } from './snapshot-keeper';
import { TopicStore, type RestoredTopic } from '../live/topic-store.svelte';
import type { ConnectionStatus } from '../live/connection.svelte';
import type { SubscribeAck, TickerItem } from '../../server/protocol/index';

const item = (id: string): TickerItem => ({
  id,
  text: { vi: id, en: id },
  priority: 'normal',
  validFrom: 0,
  validTo: null,
});

/** A connection that is told its status, with a real topic store behind it. */
function fakeConnection(answer: SubscribeAck) {
  const listeners = new Set<(status: ConnectionStatus) => void>();
  const topics = new TopicStore({ subscribe: async () => answer, unsubscribe: () => {} }, (callback) => callback());
  topics.epoch = 'e1';
  const connection = {
    status: 'online' as ConnectionStatus,
    since: 0,
    clock: 1_000_000,
    serverNow(clientNow?: number) {
      return clientNow ?? this.clock;
    },
    onStatus(listener: (status: ConnectionStatus) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    topics,
    set(status: ConnectionStatus, since: number) {
      this.status = status;
      this.since = since;
      for (const listener of listeners) listener(status);
    },
  };
  return connection satisfies KeptConnection;
}

function fakeCache() {
  const writes: Array<{ changed: RestoredTopic[]; verified: Array<{ topic: string; verifiedAt: number }> }> = [];
  return {
    writes,
    saveTopics: async (
      _screen: string,
      changed: readonly RestoredTopic[],
      verified: ReadonlyArray<{ topic: string; verifiedAt: number }>,
    ) => {
      writes.push({ changed: [...changed], verified: [...verified] });
    },
  };
}

/** Reads the topic as a widget does, so that it becomes active. */
function read(connection: ReturnType<typeof fakeConnection>) {
  const topic = connection.topics.topic('ticker.items');
  const stop = $effect.root(() => {
    $effect(() => void topic.data);
  });
  flushSync();
  return stop;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SnapshotKeeper', () => {
  it('writes a topic’s data when it changed, and stamps it as current on every save while online', async () => {
    const connection = fakeConnection({
      ok: true,
      mode: 'snapshot',
      snapshot: { topic: 'ticker.items', seq: 4, changedAt: 10, simulated: true, data: [item('a')] },
    });
    const stop = read(connection);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const cache = fakeCache();
    const keeper = new SnapshotKeeper(cache, 'led', connection, 60_000);

    await keeper.save();
    connection.clock = 1_015_000;
    await keeper.save();
    expect(cache.writes).toEqual([
      {
        changed: [
          {
            topic: 'ticker.items',
            data: [item('a')],
            seq: 4,
            epoch: 'e1',
            changedAt: 10,
            simulated: true,
            verifiedAt: 1_000_000,
          },
        ],
        verified: [{ topic: 'ticker.items', verifiedAt: 1_000_000 }],
      },
      // Unchanged data is not rewritten (SD cards wear); only its stamp moves on.
      { changed: [], verified: [{ topic: 'ticker.items', verifiedAt: 1_015_000 }] },
    ]);
    keeper.stop();
    stop();
  });

  it('stamps the moment the connection was lost, then vouches for nothing while offline', async () => {
    const connection = fakeConnection({
      ok: true,
      mode: 'snapshot',
      snapshot: { topic: 'ticker.items', seq: 1, changedAt: 10, simulated: false, data: [item('a')] },
    });
    const stop = read(connection);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const cache = fakeCache();
    const keeper = new SnapshotKeeper(cache, 'led', connection, 60_000);
    connection.set('offline', 1_234_000);
    await new Promise((resolve) => setTimeout(resolve, 0));
    connection.clock = 2_000_000;
    await keeper.save();
    expect(cache.writes).toHaveLength(1);
    expect(cache.writes[0]!.verified).toEqual([{ topic: 'ticker.items', verifiedAt: 1_234_000 }]);
    // The page says the data as of the lost connection is on disk (a reboot offline may follow).
    expect(document.documentElement.dataset.kept).toBe('offline');
    keeper.stop();
    stop();
  });

  it('does not vouch for kept data the server has not confirmed yet', async () => {
    const connection = fakeConnection({ ok: true, mode: 'replay', deltas: [] });
    // The answer never comes before the save: the topic stays restored.
    connection.topics.restore([
      {
        topic: 'ticker.items',
        data: [item('kept')],
        seq: 3,
        epoch: 'e0',
        changedAt: 1,
        simulated: false,
        verifiedAt: 500,
      },
    ]);
    const cache = fakeCache();
    const keeper = new SnapshotKeeper(cache, 'led', connection, 60_000);
    await keeper.save();
    expect(cache.writes).toEqual([{ changed: [], verified: [] }]);
    keeper.stop();
  });

  it('saves on its own every few seconds', async () => {
    vi.useFakeTimers();
    const connection = fakeConnection({ ok: true, mode: 'replay', deltas: [] });
    const cache = fakeCache();
    const keeper = new SnapshotKeeper(cache, 'led', connection, 15_000);
    await vi.advanceTimersByTimeAsync(45_000);
    expect(cache.writes).toHaveLength(3);
    keeper.stop();
    await vi.advanceTimersByTimeAsync(45_000);
    expect(cache.writes).toHaveLength(3);
  });
});
