/**
 * The runtime of a process among several, which follows the shared store rather than its own
 * ingest alone: a follower's read models come from its shadow; what a request stores is applied
 * before the request answers, also when other processes' events came between; and an event stored
 * while a new leader rebuilds is neither lost nor applied out of order. A store whose reads the
 * test releases one by one, and a domain that records the seqs it applies.
 */
import { describe, expect, it } from 'vitest';
import { DomainRuntime } from './runtime';
import type { Aggregator, Domain, DomainContext, StoredEvent } from './domain';
import { TopicHub } from '../realtime/topic-hub';
import { loadFixtures } from '../fixtures/fixtures';
import { TIME_ZONE } from '../test-support/domain-harness';

const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => 0 };

type Recording = Aggregator & { seqs: number[] };
const recording: Domain = {
  name: 'recording',
  title: { vi: 'Ghi', en: 'Recording' },
  events: {},
  topics: [],
  createAggregator: (): Recording => {
    const seqs: number[] = [];
    return { seqs, apply: (event) => void seqs.push(event.seq), flush: () => {}, tick: () => {} };
  },
  createSimulator: () => ({ seed: () => [], step: () => [] }),
};

const event = (seq: number): StoredEvent => ({
  seq,
  domain: 'recording',
  kind: 'recorded',
  time: seq,
  source: 'test',
  simulated: false,
  idempotencyKey: null,
  data: {},
});

/** The shared store: `held` makes each read wait until the test calls `release`. */
function sharedStore() {
  const events: StoredEvent[] = [];
  const waiting: Array<() => void> = [];
  let held = false;
  return {
    events,
    hold: () => (held = true),
    /** Lets the reads that wait go on, and the next ones too. */
    release: () => {
      held = false;
      for (const go of waiting.splice(0)) go();
    },
    waitingReads: () => waiting.length,
    store: {
      readAfter: async (seq: number, limit: number): Promise<StoredEvent[]> => {
        // Never within the caller's turn: a real store answers after a round trip.
        await new Promise<void>((resolve) => (held ? waiting.push(resolve) : setImmediate(resolve)));
        return events.filter((stored) => stored.seq > seq).slice(0, limit);
      },
    },
    append: (...seqs: number[]) => {
      const added = seqs.map(event);
      events.push(...added);
      return added;
    },
  };
}

function runtime(): DomainRuntime {
  const hub = new TopicHub({ emit: () => {} });
  hub.stop();
  return new DomainRuntime([recording], context, hub);
}

const seqsOf = (runtime: DomainRuntime) => (runtime.aggregator('recording') as Recording).seqs;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('a runtime that follows the shared store', () => {
  it("a paused runtime reads its shadow's aggregators and gives it what this process stores", async () => {
    const shared = sharedStore();
    shared.append(1, 2);
    const main = runtime();
    main.pause();
    const own = main.aggregator('recording');
    const shadow = runtime();
    await shadow.lead(shared.store);
    main.readFrom(shadow);
    expect(main.aggregator('recording')).toBe(shadow.aggregator('recording'));
    expect(seqsOf(main)).toEqual([1, 2]);

    await main.apply(shared.append(3));
    expect(seqsOf(main)).toEqual([1, 2, 3]);
    // Leading again, it reads its own (the service drops the shadow then).
    main.readFrom(null);
    expect(main.aggregator('recording')).toBe(own);
    shadow.pause();
  });

  it("apply answers once the events another process stored before this request's are read", async () => {
    const shared = sharedStore();
    shared.append(1, 2);
    const follower = runtime();
    await follower.lead(shared.store);
    shared.append(3); // another process's
    const mine = shared.append(4);
    await follower.apply(mine);
    expect(seqsOf(follower)).toEqual([1, 2, 3, 4]);
    follower.pause();
  });

  it('an event stored while a new leader rebuilds is applied once, in order', async () => {
    const shared = sharedStore();
    shared.append(1, 2, 3);
    const leader = runtime();
    leader.pause();
    shared.hold();
    const leading = leader.lead(shared.store);
    await until(() => shared.waitingReads() === 1);
    // A request on this process stores and applies while the rebuild's first read is under way.
    const applied = leader.apply(shared.append(4));
    shared.release();
    await Promise.all([leading, applied]);
    expect(seqsOf(leader)).toEqual([1, 2, 3, 4]);
    leader.pause();
  });

  it("while a new leader rebuilds, its follower's shadow still answers and takes what this process stores", async () => {
    const shared = sharedStore();
    shared.append(1, 2);
    const shadow = runtime();
    await shadow.lead(shared.store);
    const main = runtime();
    main.pause();
    main.readFrom(shadow);
    shared.hold();
    const leading = main.lead(shared.store);
    await until(() => shared.waitingReads() === 1);
    // Its own aggregators are empty until the rebuild's read comes back: the routes read the shadow's.
    expect(main.aggregator('recording')).toBe(shadow.aggregator('recording'));
    await main.apply(shared.append(3));
    expect(seqsOf(main)).toEqual([1, 2, 3]);
    shared.release();
    await leading;
    main.readFrom(null);
    expect(seqsOf(main)).toEqual([1, 2, 3]);
    main.pause();
    shadow.pause();
  });

  it('a rebuild whose lead ended stops: the next lead alone fills the aggregators', async () => {
    const shared = sharedStore();
    shared.append(1, 2, 3);
    const twice = runtime();
    twice.pause();
    shared.hold();
    const first = twice.lead(shared.store);
    await until(() => shared.waitingReads() === 1);
    // The lease lost and gained again before the first rebuild's read came back.
    twice.pause();
    const second = twice.lead(shared.store);
    await until(() => shared.waitingReads() === 2);
    shared.release();
    await Promise.all([first, second]);
    expect(seqsOf(twice)).toEqual([1, 2, 3]);
    twice.pause();
  });
});
