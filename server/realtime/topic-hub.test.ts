import { afterEach, describe, expect, it } from 'vitest';
import { TopicHub } from './topic-hub';
import type { TopicDefinition } from '../domains/domain';
import type { TickerItem, TopicDeltaMessage, TrafficSummary } from '../protocol/index';
import { applyCollectionDelta } from '../protocol/apply-delta';
import { seededRandom } from '../feeds/simulator/random';
import { tickerItem, tickerTopic } from '../test-support/ticker-topic';

const ticker = tickerTopic(5);
const traffic: TopicDefinition = {
  name: 'traffic.summary',
  audience: 'public',
  kind: 'state',
  shape: 'value',
  title: { vi: 'Giao thông', en: 'Traffic' },
  expectedIntervalMs: 60_000,
};
const emergency: TopicDefinition = {
  name: 'alerts.emergency',
  audience: 'public',
  kind: 'alert',
  shape: 'value',
  title: { vi: 'Khẩn cấp', en: 'Emergency' },
  expectedIntervalMs: 60_000,
};
const internal: TopicDefinition = {
  name: 'reports.recent',
  audience: 'internal',
  kind: 'state',
  shape: 'collection',
  title: { vi: 'Phản ánh', en: 'Reports' },
  expectedIntervalMs: 60_000,
};

const item = tickerItem;
function summary(activeIncidents: number): TrafficSummary {
  const none = { crashes: 0, injuries: 0, deaths: 0 };
  return {
    activeIncidents,
    crashesToday: 0,
    injuriesToday: 0,
    deathsToday: 0,
    monthToDate: none,
    monthToDateLastYear: none,
    monthChange: none,
    yearToDate: none,
    yearToDateLastYear: none,
    yearChange: none,
  };
}

function makeHub(replayLimit = 512) {
  const sent: Array<{ room: string; message: TopicDeltaMessage }> = [];
  const hub = new TopicHub({ emit: (room, message) => sent.push({ room, message }), tickMs: 5, replayLimit });
  for (const def of [ticker, traffic, emergency, internal]) hub.define(def);
  return { hub, sent, out: hub.writer(false) };
}

let hubs: TopicHub[] = [];
afterEach(() => {
  hubs.forEach((hub) => hub.stop());
  hubs = [];
});

describe('TopicHub', () => {
  it('coalesces the changes of one tick into one message per topic', async () => {
    const { hub, sent, out } = makeHub();
    hubs.push(hub);
    for (let i = 1; i <= 100; i++) out.set('traffic.summary', summary(i));
    out.upsert('ticker.items', [item('a')]);
    out.upsert('ticker.items', [item('b')]);
    expect(sent).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sent.map((s) => s.room).sort()).toEqual(['public:ticker.items', 'public:traffic.summary']);
    const trafficMessage = sent.find((s) => s.room === 'public:traffic.summary')!.message;
    expect(trafficMessage.seq).toBe(1);
    expect(trafficMessage.delta).toEqual({ set: summary(100) });
    expect(sent.find((s) => s.room === 'public:ticker.items')!.message.delta).toEqual({
      upsert: [item('a'), item('b')],
    });
  });

  it('sends alert topics at once, one message per change', () => {
    const { hub, sent, out } = makeHub();
    hubs.push(hub);
    out.set('alerts.emergency', { active: item('e1') });
    out.set('alerts.emergency', { active: null });
    expect(sent.map((s) => s.message.seq)).toEqual([1, 2]);
    expect(sent[1]!.message.delta).toEqual({ set: { active: null } });
  });

  it('keeps collections newest first and within their limit, telling clients what was dropped', () => {
    const { hub, sent, out } = makeHub();
    hubs.push(hub);
    out.upsert(
      'ticker.items',
      ['a', 'b', 'c', 'd'].map((id) => item(id)),
    );
    hub.flush();
    out.upsert('ticker.items', [item('e'), item('f'), item('b', 'b2')]);
    hub.flush();
    expect(hub.snapshot('ticker.items').data.map((i) => i.id)).toEqual(['f', 'e', 'd', 'c', 'b']);
    expect(hub.snapshot('ticker.items').data.find((i) => i.id === 'b')!.text.vi).toBe('b2');
    expect(sent[1]!.message.delta).toEqual({ remove: ['a'], upsert: [item('e'), item('f'), item('b', 'b2')] });
  });

  it('replays exactly the missed deltas within one epoch, else sends a snapshot', () => {
    const { hub, out } = makeHub(3);
    hubs.push(hub);
    for (let i = 1; i <= 5; i++) {
      out.set('traffic.summary', summary(i));
      hub.flush();
    }
    const replay = hub.subscribe('traffic.summary', 3, hub.epoch);
    expect(replay).toMatchObject({ ok: true, mode: 'replay' });
    if (replay.ok && replay.mode === 'replay') expect(replay.deltas.map((d) => d.seq)).toEqual([4, 5]);
    expect(hub.subscribe('traffic.summary', 5, hub.epoch)).toEqual({
      ok: true,
      mode: 'replay',
      deltas: [],
      epoch: hub.epoch,
    });
    // seq 2 has left the 3-message buffer: only a snapshot can bring the client up to date.
    expect(hub.subscribe('traffic.summary', 1, hub.epoch)).toMatchObject({
      ok: true,
      mode: 'snapshot',
      snapshot: { seq: 5 },
    });
    // A seq from another run of the server means nothing here.
    expect(hub.subscribe('traffic.summary', 4, 'other-epoch')).toMatchObject({ ok: true, mode: 'snapshot' });
    expect(hub.subscribe('traffic.summary', 9, hub.epoch)).toMatchObject({ ok: true, mode: 'snapshot' });
  });

  it('sends pending changes before it answers, so a snapshot and the next delta never overlap', () => {
    const { hub, sent, out } = makeHub();
    hubs.push(hub);
    out.set('traffic.summary', summary(7));
    const answer = hub.subscribe('traffic.summary');
    expect(answer).toMatchObject({ ok: true, mode: 'snapshot', snapshot: { seq: 1, data: summary(7) } });
    expect(sent).toHaveLength(1);
    hub.flush();
    expect(sent).toHaveLength(1);
  });

  it('refuses unknown topics and lists topics by audience', () => {
    const { hub } = makeHub();
    hubs.push(hub);
    expect(hub.subscribe('nope' as 'ticker.items')).toMatchObject({ ok: false, error: { code: 'unknown_topic' } });
    expect(hub.list('public').map((t) => t.name)).not.toContain('reports.recent');
    expect(hub.list().map((t) => t.name)).toContain('reports.recent');
  });

  it('a client applying snapshot and deltas always ends with the server state (random operations)', () => {
    const random = seededRandom(42);
    const { hub, sent, out } = makeHub();
    hubs.push(hub);
    const start = hub.snapshot('ticker.items');
    let client = start.data;
    let seq = start.seq;
    for (let round = 0; round < 300; round++) {
      const operations = 1 + Math.floor(random() * 6);
      for (let k = 0; k < operations; k++) {
        const id = `i${Math.floor(random() * 9)}`;
        if (random() < 0.3) out.remove('ticker.items', [id]);
        else out.upsert('ticker.items', [item(id, `${id}-${round}-${k}`)]);
      }
      hub.flush();
      for (const { message } of sent.splice(0)) {
        expect(message.seq).toBe(seq + 1);
        seq = message.seq;
        client = applyCollectionDelta(client, message.delta as { upsert?: TickerItem[]; remove?: string[] });
      }
      expect(client).toEqual(hub.snapshot('ticker.items').data);
    }
  });

  it('publishes only what changed: an equal value or item sends no delta and keeps the seq', () => {
    const { hub, sent, out } = makeHub();
    hubs.push(hub);
    out.set('traffic.summary', summary(3));
    out.upsert('ticker.items', [item('a'), item('b')]);
    hub.flush();
    expect(sent.map((s) => s.message.seq)).toEqual([1, 1]);
    sent.length = 0;

    // Equal, though not the same objects: no message, and seq and changedAt stay.
    const before = hub.snapshot('traffic.summary');
    out.set('traffic.summary', summary(3));
    out.upsert('ticker.items', [item('a'), item('b')]);
    hub.flush();
    expect(sent).toEqual([]);
    expect(hub.snapshot('traffic.summary')).toEqual(before);
    expect(hub.snapshot('ticker.items').seq).toBe(1);

    // Of a batch, only the item that changed goes; a value set back to an earlier one is news.
    out.upsert('ticker.items', [item('a'), item('b', 'b2')]);
    out.set('traffic.summary', summary(4));
    out.set('traffic.summary', summary(3));
    hub.flush();
    expect(sent.find((s) => s.room === 'public:ticker.items')!.message).toMatchObject({
      seq: 2,
      delta: { upsert: [item('b', 'b2')] },
    });
    expect(sent.find((s) => s.room === 'public:traffic.summary')!.message).toMatchObject({
      seq: 2,
      delta: { set: summary(3) },
    });
    sent.length = 0;

    // An item removed and written again is news, even equal to what it was.
    out.remove('ticker.items', ['a']);
    out.upsert('ticker.items', [item('a')]);
    hub.flush();
    expect(sent.map((s) => s.message.delta)).toEqual([{ remove: ['a'], upsert: [item('a')] }]);
  });

  it('compares with a copy: an object changed in place after publishing is still news', () => {
    const { hub, sent, out } = makeHub();
    hubs.push(hub);
    const value = summary(1);
    out.set('traffic.summary', value);
    hub.flush();
    value.activeIncidents = 2;
    out.set('traffic.summary', value);
    hub.flush();
    expect(sent.map((s) => s.message.seq)).toEqual([1, 2]);
  });

  it('replaces an ordered list whole, and only when it differs', () => {
    const { hub, sent, out } = makeHub();
    hubs.push(hub);
    out.replace('reports.recent', [item('a'), item('b')] as never);
    hub.flush();
    out.replace('reports.recent', [item('a'), item('b')] as never);
    hub.flush();
    expect(sent).toHaveLength(1);
    out.replace('reports.recent', [item('b'), item('a')] as never);
    hub.flush();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.message.delta).toEqual({ remove: ['a', 'b'], upsert: [item('b'), item('a')] });
    expect(hub.snapshot('reports.recent').data.map((entry) => entry.id)).toEqual(['a', 'b']);
  });
});
