import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { TopicStore, type TopicTransport } from './topic-store.svelte';
import type { SubscribeAck, SubscribeRequest, TickerItem, TopicDeltaMessage } from '../../server/protocol/index';

const item = (id: string): TickerItem => ({
  id,
  text: { vi: id, en: id },
  priority: 'normal',
  validFrom: 0,
  validTo: null,
});

/** A fake server: records requests and answers them when told to. */
function fakeTransport() {
  const requests: SubscribeRequest[] = [];
  const pending: Array<(answer: SubscribeAck) => void> = [];
  const unsubscribed: string[] = [];
  const transport: TopicTransport = {
    subscribe: (request) => {
      requests.push(request);
      return new Promise((resolve) => pending.push(resolve));
    },
    unsubscribe: (topic) => unsubscribed.push(topic),
  };
  return { transport, requests, unsubscribed, answer: (ack: SubscribeAck) => pending.shift()!(ack) };
}

/** Frames run when the test says so. */
function manualFrames() {
  const queue: Array<() => void> = [];
  return {
    schedule: (callback: () => void) => queue.push(callback),
    run: () => queue.splice(0).forEach((callback) => callback()),
  };
}

const delta = (seq: number, upsert: TickerItem[]): TopicDeltaMessage => ({
  topic: 'ticker.items',
  seq,
  changedAt: seq,
  simulated: false,
  delta: { upsert },
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Reads a topic inside an effect, as a widget does, so that the subscription starts. */
function reader(store: TopicStore) {
  const seen: Array<TickerItem[] | null> = [];
  // Created outside the effect, as the wall does (state created by a reaction is not tracked by it).
  const topic = store.topic('ticker.items');
  const cleanup = $effect.root(() => {
    $effect(() => {
      seen.push(topic.data);
    });
  });
  flushSync();
  return { seen, stop: cleanup };
}

describe('TopicStore', () => {
  it('subscribes on first read, applies the snapshot then deltas in order, once per frame', async () => {
    const server = fakeTransport();
    const frames = manualFrames();
    const store = new TopicStore(server.transport, frames.schedule);
    store.epoch = 'e1';
    const { seen, stop } = reader(store);
    expect(server.requests).toEqual([{ topic: 'ticker.items' }]);

    server.answer({
      ok: true,
      mode: 'snapshot',
      snapshot: { topic: 'ticker.items', seq: 4, changedAt: 1, simulated: false, data: [item('a')] },
    });
    await tick();
    store.receive(delta(5, [item('b')]));
    store.receive(delta(6, [item('c')]));
    store.receive(delta(6, [item('c')])); // a duplicate is ignored
    frames.run();
    flushSync();
    expect(seen.at(-1)!.map((i) => i.id)).toEqual(['c', 'b', 'a']);
    // Three deltas, one frame: one render with the final state.
    expect(seen).toHaveLength(2);
    stop();
    await tick(); // the last reader has gone: the subscription ends
    expect(server.unsubscribed).toEqual(['ticker.items']);
  });

  it('resubscribes from its last seq on a gap and after a reconnect', async () => {
    const server = fakeTransport();
    const frames = manualFrames();
    const store = new TopicStore(server.transport, frames.schedule);
    store.epoch = 'e1';
    const { seen, stop } = reader(store);
    server.answer({
      ok: true,
      mode: 'snapshot',
      snapshot: { topic: 'ticker.items', seq: 1, changedAt: 1, simulated: false, data: [] },
    });
    await tick();

    store.receive(delta(3, [item('x')])); // seq 2 went missing
    expect(server.requests.at(-1)).toEqual({ topic: 'ticker.items', sinceSeq: 1, epoch: 'e1' });
    store.receive(delta(4, [item('y')])); // ignored while the answer is on its way
    server.answer({
      ok: true,
      mode: 'replay',
      deltas: [delta(2, [item('w')]), delta(3, [item('x')]), delta(4, [item('y')])],
    });
    await tick();
    frames.run();
    flushSync();
    expect(seen.at(-1)!.map((i) => i.id)).toEqual(['y', 'x', 'w']);

    store.resubscribeAll(); // as after a reconnect
    expect(server.requests.at(-1)).toEqual({ topic: 'ticker.items', sinceSeq: 4, epoch: 'e1' });
    stop();
  });

  it('resumes with the run the answer came from, not the one it was welcomed in', async () => {
    // Welcomed by a follower in run e1; the follower became the leader (run e2) and told the
    // screen to take a snapshot. Resuming e2's seq 7 as e1's would replay e1's deltas after 7.
    const server = fakeTransport();
    const store = new TopicStore(server.transport, manualFrames().schedule);
    store.epoch = 'e1';
    const { stop } = reader(store);
    server.answer({
      ok: true,
      mode: 'snapshot',
      snapshot: { topic: 'ticker.items', seq: 7, changedAt: 1, simulated: false, data: [item('a')] },
      epoch: 'e2',
    });
    await tick();
    store.resubscribeAll(); // as after a reconnect
    expect(server.requests.at(-1)).toEqual({ topic: 'ticker.items', sinceSeq: 7, epoch: 'e2' });
    stop();
  });

  it('keeps a refusal as the topic error instead of data', async () => {
    const server = fakeTransport();
    const store = new TopicStore(server.transport, manualFrames().schedule);
    let error: unknown = null;
    const topic = store.topic('ticker.items');
    const stop = $effect.root(() => {
      $effect(() => {
        error = topic.error;
      });
    });
    flushSync();
    server.answer({ ok: false, error: { code: 'forbidden', message: { vi: 'Cấm', en: 'Forbidden' } } });
    await tick();
    flushSync();
    expect(error).toMatchObject({ code: 'forbidden' });
    stop();
  });

  it('shows kept data as restored (never live) until the server answers from its seq', async () => {
    const server = fakeTransport();
    const frames = manualFrames();
    const store = new TopicStore(server.transport, frames.schedule);
    store.epoch = 'e2';
    store.restore([
      {
        topic: 'ticker.items',
        data: [item('kept')],
        seq: 7,
        epoch: 'e1',
        changedAt: 5,
        simulated: true,
        verifiedAt: 1000,
      },
    ]);
    frames.run();
    const topic = store.topic('ticker.items');
    const states: Array<{ ids: string[] | undefined; restoredAt: number | null }> = [];
    const stop = $effect.root(() => {
      $effect(() => {
        states.push({ ids: topic.data?.map((i) => i.id), restoredAt: topic.restoredAt });
      });
    });
    flushSync();
    expect(states.at(-1)).toEqual({ ids: ['kept'], restoredAt: 1000 });
    // It asks to resume from the kept seq, in the epoch the seq belongs to.
    expect(server.requests).toEqual([{ topic: 'ticker.items', sinceSeq: 7, epoch: 'e1' }]);

    // The server restarted meanwhile (another epoch): it sends a snapshot, which replaces the kept data.
    server.answer({
      ok: true,
      mode: 'snapshot',
      snapshot: { topic: 'ticker.items', seq: 2, changedAt: 9, simulated: false, data: [item('now')] },
    });
    await tick();
    frames.run();
    flushSync();
    expect(states.at(-1)).toEqual({ ids: ['now'], restoredAt: null });
    expect(topic.seq).toBe(2);
    expect(topic.epoch).toBe('e2');
    stop();
  });

  it('confirms kept data by an empty replay (nothing changed while the screen was off)', async () => {
    const server = fakeTransport();
    const frames = manualFrames();
    const store = new TopicStore(server.transport, frames.schedule);
    store.epoch = 'e1';
    store.restore([
      {
        topic: 'ticker.items',
        data: [item('kept')],
        seq: 7,
        epoch: 'e1',
        changedAt: 5,
        simulated: false,
        verifiedAt: 1000,
      },
    ]);
    const { seen, stop } = reader(store);
    frames.run();
    flushSync();
    expect(store.topic('ticker.items').restoredAt).toBe(1000);
    server.answer({ ok: true, mode: 'replay', deltas: [] });
    await tick();
    frames.run();
    flushSync();
    expect(store.topic('ticker.items').restoredAt).toBeNull();
    expect(seen.at(-1)!.map((i) => i.id)).toEqual(['kept']);
    // Live deltas follow on from the kept seq.
    store.receive(delta(8, [item('next')]));
    frames.run();
    flushSync();
    expect(seen.at(-1)!.map((i) => i.id)).toEqual(['next', 'kept']);
    stop();
  });

  it('never lets kept data overwrite live data', async () => {
    const server = fakeTransport();
    const store = new TopicStore(server.transport, (callback) => callback());
    store.epoch = 'e1';
    const { seen, stop } = reader(store);
    server.answer({
      ok: true,
      mode: 'snapshot',
      snapshot: { topic: 'ticker.items', seq: 3, changedAt: 1, simulated: false, data: [item('live')] },
    });
    await tick();
    store.restore([
      {
        topic: 'ticker.items',
        data: [item('old')],
        seq: 9,
        epoch: 'e0',
        changedAt: 0,
        simulated: false,
        verifiedAt: 0,
      },
    ]);
    flushSync();
    expect(seen.at(-1)!.map((i) => i.id)).toEqual(['live']);
    expect(store.topic('ticker.items').restoredAt).toBeNull();
    stop();
  });
});
