/**
 * Which snapshots retention keeps: every one of the last `keepAllHours`, before them the first of
 * each `keepEveryHours` span, and always the newest. The clock is the test's: a snapshot every
 * hour for five days, pruned after each as the live writer does.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { SqliteSnapshotStore, type SnapshotRetention } from './snapshot-store';

const HOUR = 3_600_000;
/** A UTC midnight, so the spans fall on round hours. */
const START = Date.UTC(2026, 10, 1);

const tiny = (seq: number) => ({ format: 1, seq, versions: {}, aggregators: {}, simulated: {}, topics: [] });

/** An hourly snapshot for `hours`, each followed by a prune at its own time; returns the store and the clock. */
function hourly(hours: number, retention: SnapshotRetention): { store: SqliteSnapshotStore; now: number } {
  const store = new SqliteSnapshotStore(openDatabase(':memory:'));
  let now = START;
  for (let hour = 1; hour <= hours; hour++) {
    now = START + hour * HOUR;
    store.save(tiny(hour), now, now);
    store.prune(now, retention);
  }
  return { store, now };
}

const hoursKept = (store: SqliteSnapshotStore) => store.list().map((info) => (info.receivedAt - START) / HOUR);

describe('snapshot retention', () => {
  it('keeps every snapshot of the last hours, and before them the first of each span of keepEveryHours', () => {
    const { store, now } = hourly(5 * 24, { keepAllHours: 48, keepEveryHours: 3 });
    const recentFrom = (now - 48 * HOUR - START) / HOUR; // hour 72
    const kept = hoursKept(store);
    const older = kept.filter((hour) => hour < recentFrom);
    const recent = kept.filter((hour) => hour >= recentFrom);
    // Spans [0,3), [3,6), …: the first snapshot in each is at hours 1, 3, 6, 9, …, 69.
    expect(older).toEqual([1, ...Array.from({ length: 23 }, (_, index) => 3 * (index + 1))]);
    expect(recent).toEqual(Array.from({ length: 49 }, (_, index) => recentFrom + index));
  });

  it('never leaves a moment before the last hours more than keepEveryHours after its snapshot', () => {
    const { store, now } = hourly(4 * 24, { keepAllHours: 24, keepEveryHours: 6 });
    const kept = hoursKept(store);
    for (let hour = 1; hour < (now - START) / HOUR; hour++) {
      const from = Math.max(...kept.filter((at) => at <= hour));
      expect(hour - from, `hour ${hour}`).toBeLessThan(6);
    }
  });

  it('keepEveryHours 24 keeps the first of each UTC day, as before the setting existed', () => {
    const { store } = hourly(4 * 24, { keepAllHours: 24, keepEveryHours: 24 });
    expect(hoursKept(store).filter((hour) => hour < 72)).toEqual([1, 24, 48]);
  });

  it('keeps the newest snapshot even when it is older than the last hours', () => {
    const store = new SqliteSnapshotStore(openDatabase(':memory:'));
    store.save(tiny(1), START + HOUR, START + HOUR);
    store.save(tiny(2), START + 2 * HOUR, START + 2 * HOUR);
    expect(store.prune(START + 30 * 24 * HOUR, { keepAllHours: 48, keepEveryHours: 3 })).toBe(0);
    expect(store.list().map((info) => info.seq)).toEqual([1, 2]);
    store.save(tiny(3), START + 2.5 * HOUR, START + 2.5 * HOUR);
    // Seq 2 and 3 share the span [0 h, 3 h) with seq 1: only seq 1 and the newest stay.
    expect(store.prune(START + 30 * 24 * HOUR, { keepAllHours: 48, keepEveryHours: 3 })).toBe(1);
    expect(store.list().map((info) => info.seq)).toEqual([1, 3]);
  });
});
