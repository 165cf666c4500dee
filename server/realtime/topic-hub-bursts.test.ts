/**
 * A bounded collection in a burst: more new items within one tick than it keeps (a feed's
 * backlog, a leader that stalled on a busy machine). The scale-out bench found items that no
 * message ever carried: pushed out of the ticker's newest 50 before its tick. Live, the hub sends
 * the pending change before pushing out an item no screen has seen; while rebuilding it does not
 * (the past is state, taken by snapshot).
 */
import { describe, expect, it } from 'vitest';
import { TopicHub } from './topic-hub';
import { ManualScheduler } from '../test-support/manual-scheduler';
import { applyCollectionDelta } from '../protocol/apply-delta';
import type { CollectionDelta } from '../protocol/topics';
import { tickerItem, tickerTopic } from '../test-support/ticker-topic';
import type { TickerItem, TopicDeltaMessage } from '../protocol/index';

const TICK = 16;
const LIMIT = 5;

const ticker = tickerTopic(LIMIT);
const item = (id: string) => tickerItem(id);

function makeHub() {
  const scheduler = new ManualScheduler();
  const sent: TopicDeltaMessage[] = [];
  const hub = new TopicHub({ emit: (_room, message) => sent.push(message), tickMs: TICK, scheduler });
  hub.define(ticker);
  const out = hub.writer(false);
  /** What a screen that had every message holds, and every item it ever saw. */
  const screen = () => {
    let items: TickerItem[] = [];
    const seen = new Set<string>();
    for (const message of sent) {
      const delta = message.delta as CollectionDelta<TickerItem>;
      for (const upserted of delta.upsert ?? []) seen.add(upserted.id);
      items = applyCollectionDelta(items, delta);
    }
    return { ids: items.map((shown) => shown.id), seen: [...seen] };
  };
  return { hub, scheduler, sent, out, screen };
}

const ids = (count: number, from = 0) => Array.from({ length: count }, (_, n) => `i${from + n}`);

describe('TopicHub: a bounded collection in a burst', () => {
  it('live, sends every item of a burst one event at a time, at most one more message per limit items', () => {
    const { hub, scheduler, sent, out, screen } = makeHub();
    hub.goLive();
    // Twelve events within one tick, each its own upsert (as the aggregator writes them).
    for (const id of ids(12)) out.upsert('ticker.items', [item(id)]);
    scheduler.advanceTo(TICK);
    expect(screen().seen.sort()).toEqual(ids(12).sort());
    expect(screen().ids).toEqual(hub.snapshot('ticker.items').data.map((shown) => shown.id));
    expect(hub.snapshot('ticker.items').data.map((shown) => shown.id)).toEqual(['i11', 'i10', 'i9', 'i8', 'i7']);
    // Two early sends (before i5 and i10 pushed out an unseen item) and the tick's.
    expect(sent).toHaveLength(3);
    expect(sent.map((message) => message.seq)).toEqual([1, 2, 3]);
  });

  it('live, splits one upsert of more items than the limit into messages that each carry a batch', () => {
    const { hub, scheduler, out, screen } = makeHub();
    hub.goLive();
    out.upsert('ticker.items', ids(12).map(item));
    scheduler.advanceTo(TICK);
    expect(screen().seen.sort()).toEqual(ids(12).sort());
    expect(screen().ids).toEqual(['i11', 'i10', 'i9', 'i8', 'i7']);
  });

  it('keeps one message per tick when the burst fits the limit', () => {
    const { hub, scheduler, sent, out } = makeHub();
    hub.goLive();
    out.upsert('ticker.items', [item('a')]);
    scheduler.runDueNow(); // the injected clock stands still: the leading edge sends a quiet topic's change
    for (const id of ids(LIMIT)) out.upsert('ticker.items', [item(id)]);
    scheduler.advanceTo(TICK);
    expect(sent).toHaveLength(2);
  });

  it('before it is live (a rebuild), the burst is state: one message, the newest only; after a restart, none until live', () => {
    const { hub, scheduler, sent, out, screen } = makeHub();
    for (const id of ids(12)) out.upsert('ticker.items', [item(id)]);
    scheduler.advanceTo(TICK);
    expect(sent).toHaveLength(1);
    expect(screen().seen.sort()).toEqual(ids(5, 7).sort());

    hub.goLive();
    hub.restart();
    sent.length = 0;
    for (const id of ids(12, 20)) out.upsert('ticker.items', [item(id)]);
    scheduler.advanceTo(2 * TICK);
    // Restarted, the hub sends nothing until it is live again; the burst is one change of state.
    expect(sent).toHaveLength(0);
    expect(hub.snapshot('ticker.items')).toMatchObject({ seq: 1 });
    expect(hub.snapshot('ticker.items').data.map((shown) => shown.id)).toEqual(ids(5, 27).reverse());
  });

  it('a whole list that replaces the collection is never split, live or not', () => {
    const { hub, scheduler, sent, out } = makeHub();
    hub.goLive();
    out.replace('ticker.items', ids(12).map(item));
    scheduler.advanceTo(TICK);
    expect(sent).toHaveLength(1);
    expect(hub.snapshot('ticker.items').data).toHaveLength(LIMIT);
  });
});
