/**
 * A follower's hub copies the leader's: from a whole state (`adopt`) then delta by delta
 * (`mirror`), it answers subscriptions exactly as the leader does; a new leader's `restart`
 * forgets everything under a new epoch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TopicHub } from './topic-hub';
import type { TopicDefinition } from '../domains/domain';
import { tickerItem, tickerTopic } from '../test-support/ticker-topic';
import type { TopicDeltaMessage } from '../protocol/index';

const ticker = tickerTopic(3);
const emergency: TopicDefinition = {
  name: 'alerts.emergency',
  audience: 'public',
  kind: 'alert',
  shape: 'value',
  title: { vi: 'Khẩn cấp', en: 'Emergency' },
  expectedIntervalMs: 60_000,
};
const item = tickerItem;

const hubs: TopicHub[] = [];
afterEach(() => hubs.splice(0).forEach((hub) => hub.stop()));

function pair() {
  const sent: TopicDeltaMessage[] = [];
  const leader = new TopicHub({ emit: () => {}, tickMs: 1, now: () => 1000 });
  leader.onSend((message) => sent.push(message));
  const toScreens: Array<{ room: string; seq: number }> = [];
  const follower = new TopicHub({
    emit: (room, message) => toScreens.push({ room, seq: message.seq }),
    tickMs: 1,
    now: () => 1000,
  });
  for (const hub of [leader, follower]) {
    hub.define(ticker);
    hub.define(emergency);
    hubs.push(hub);
  }
  return { leader, follower, sent, toScreens, writer: leader.writer(false) };
}

describe('a follower hub copying the leader', () => {
  it('answers snapshots and replays as the leader does, through upserts, removals and the limit', () => {
    const { leader, follower, sent, writer } = pair();
    writer.upsert('ticker.items', [item('a'), item('b')]);
    leader.flush();
    follower.adopt(leader.epoch, leader.snapshots());
    const mark = leader.snapshot('ticker.items').seq;
    sent.length = 0;

    writer.upsert('ticker.items', [item('c'), item('d')]); // the limit drops a
    leader.flush();
    writer.remove('ticker.items', ['b']);
    writer.upsert('ticker.items', [item('c', 'c đã sửa')]);
    leader.flush();
    writer.set('alerts.emergency', null as never);
    for (const message of sent) expect(follower.mirror(message)).toBe(true);

    expect(follower.epoch).toBe(leader.epoch);
    expect(follower.snapshot('ticker.items')).toEqual(leader.snapshot('ticker.items'));
    expect(follower.subscribe('ticker.items', mark, leader.epoch)).toEqual(
      leader.subscribe('ticker.items', mark, leader.epoch),
    );
    expect(follower.subscribe('ticker.items', mark, 'another-epoch')).toMatchObject({ mode: 'snapshot' });
  });

  it('says when a delta leaves a gap, and ignores one it holds already', () => {
    const { leader, follower, sent, writer } = pair();
    follower.adopt(leader.epoch, leader.snapshots());
    writer.upsert('ticker.items', [item('a')]);
    leader.flush();
    writer.upsert('ticker.items', [item('b')]);
    leader.flush();
    expect(follower.mirror(sent[1]!)).toBe(false);
    expect(follower.mirror(sent[0]!)).toBe(true);
    expect(follower.mirror(sent[0]!)).toBe(true);
    expect(follower.mirror(sent[1]!)).toBe(true);
    expect(follower.snapshot('ticker.items').seq).toBe(2);
  });

  it('restarts empty under a new epoch', () => {
    const { leader, writer } = pair();
    writer.upsert('ticker.items', [item('a')]);
    leader.flush();
    const before = leader.epoch;
    leader.restart();
    expect(leader.epoch).not.toBe(before);
    expect(leader.snapshot('ticker.items')).toMatchObject({ seq: 0, data: [] });
    // The same write after a restart is news again (the unchanged filter restarted too).
    writer.upsert('ticker.items', [item('a')]);
    leader.flush();
    expect(leader.snapshot('ticker.items')).toMatchObject({ seq: 1, data: [item('a')] });
  });

  it('restarted, sends its screens nothing of the new run until it is live: they hold the old run’s seqs', () => {
    // A follower's screens hold seq 2 of the old run when the process takes the lease; the
    // rebuild's seq 3 would pass for the old run's next delta (a wrong replay, or a gap).
    const toScreens: TopicDeltaMessage[] = [];
    const relayed: TopicDeltaMessage[] = [];
    const hub = new TopicHub({ emit: (_room, message) => toScreens.push(message), tickMs: 1, now: () => 1000 });
    hubs.push(hub);
    hub.define(ticker);
    hub.onSend((message) => relayed.push(message));
    const writer = hub.writer(false);
    writer.upsert('ticker.items', [item('a')]);
    hub.flush();
    writer.upsert('ticker.items', [item('b')]);
    hub.flush();
    hub.goLive();
    expect(toScreens.map((message) => message.seq)).toEqual([1, 2]);

    hub.restart();
    for (const id of ['a', 'b', 'c']) {
      writer.upsert('ticker.items', [item(id)]);
      hub.flush();
    }
    expect(toScreens.map((message) => message.seq)).toEqual([1, 2]);
    expect(relayed.map((message) => message.seq)).toEqual([1, 2]);
    // A screen that subscribes meanwhile gets the new run's state by snapshot, under its epoch.
    expect(hub.subscribe('ticker.items', 2, 'an-old-epoch')).toMatchObject({ mode: 'snapshot', snapshot: { seq: 3 } });

    hub.goLive();
    writer.upsert('ticker.items', [item('d')]);
    hub.flush();
    expect(toScreens.map((message) => message.seq)).toEqual([1, 2, 4]);
    expect(relayed.map((message) => message.seq)).toEqual([1, 2, 4]);
  });

  it('sends its screens a delta only once its copy holds it, so a snapshot is followed by the next seq', () => {
    const { leader, follower, sent, toScreens, writer } = pair();
    follower.adopt(leader.epoch, leader.snapshots());
    writer.upsert('ticker.items', [item('a')]);
    leader.flush();
    writer.upsert('ticker.items', [item('b')]);
    leader.flush();

    follower.mirror(sent[0]!);
    // A screen subscribing now is given seq 1, and the next delta its room hears is seq 2.
    expect(follower.snapshot('ticker.items').seq).toBe(1);
    expect(toScreens).toEqual([{ room: expect.stringContaining('ticker.items'), seq: 1 }]);
    follower.mirror(sent[1]!);
    expect(toScreens.map((sentOn) => sentOn.seq)).toEqual([1, 2]);
    // Neither a repeat nor a delta past a gap reaches the screens.
    follower.mirror(sent[1]!);
    writer.upsert('ticker.items', [item('c')]);
    leader.flush();
    writer.upsert('ticker.items', [item('d')]);
    leader.flush();
    expect(follower.mirror(sent[3]!)).toBe(false);
    expect(toScreens.map((sentOn) => sentOn.seq)).toEqual([1, 2]);
  });

  it('names the topics whose seq an adopted state moved, whose screens must then take a snapshot', () => {
    const { leader, follower, writer } = pair();
    follower.adopt(leader.epoch, leader.snapshots());
    writer.upsert('ticker.items', [item('a')]);
    leader.flush();
    expect(follower.adopt(leader.epoch, leader.snapshots())).toEqual(['ticker.items']);
    expect(follower.adopt(leader.epoch, leader.snapshots())).toEqual([]);
  });
});
