import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { domains } from '../../domains/index';
import { DomainRuntime } from '../../domains/runtime';
import { TopicHub } from '../../realtime/topic-hub';
import { IngestService } from '../../ingest/ingest-service';
import { openDatabase } from '../../store/database';
import { EventStore } from '../../store/event-store';
import { loadFixtures } from '../../fixtures/fixtures';
import { SimulatorFeed } from './simulator-feed';

describe('simulator', () => {
  it('seeds a plausible history and 10 minutes of live steps, every event valid and applied', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-sim-'));
    const start = Date.UTC(2026, 10, 28, 3, 0, 0);
    let now = start;
    const context = { fixtures: loadFixtures(), timeZone: 'Asia/Ho_Chi_Minh', now: () => now };
    const hub = new TopicHub({ emit: () => {} });
    const runtime = new DomainRuntime(domains, context, hub);
    const db = openDatabase(path.join(dir, 'ioc.sqlite'));
    const store = new EventStore(db);
    const ingest = new IngestService(store, runtime, () => now);
    const feed = new SimulatorFeed(runtime, context, ingest, store, { rate: 1, stepMs: 1000, seedDays: 14, seed: 7 });

    const seeded = await feed.seed();
    expect(seeded).toBeGreaterThan(500);
    for (let second = 0; second < 600; second++) {
      now += 1000;
      await feed.step(); // throws nothing: a bad event would fail validation inside ingest
    }
    expect(feed.status.events).toBeGreaterThan(seeded + 20);
    runtime.tick(now);
    hub.flush();

    const summary = hub.snapshot('reports.summary').data;
    expect(summary.total).toBeGreaterThan(200);
    expect(summary.byWard.every((ward) => ward.received > 0)).toBe(true);
    expect(summary.onTimeRate).toBeGreaterThan(0.5);
    expect(summary.onTimeRate).toBeLessThan(0.95);
    expect(summary.satisfactionRate).toBeGreaterThan(0.6);
    expect(hub.snapshot('ticker.items').data.length).toBeGreaterThanOrEqual(4);
    expect(hub.snapshot('kpi.values').data.every((kpi) => kpi.period >= '2026-11')).toBe(true);
    expect(hub.snapshot('reports.recent').simulated).toBe(true);

    // A second run against the same store does not seed again, and its live ids do not collide.
    const again = new SimulatorFeed(runtime, context, ingest, store, { rate: 1, stepMs: 1000, seedDays: 14, seed: 8 });
    const before = store.count();
    now += 60_000;
    await again.step();
    expect(store.count()).toBeGreaterThan(before);
    store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a storm asked for two hours ago (the practice space) leaves reports waiting for dispatch, even at 03:00', async () => {
    // 03:00 in Hà Nội: the city's usual volume leaves next to nothing to dispatch.
    const now = Date.UTC(2026, 10, 27, 20, 0, 0);
    const waiting = async (surgeAt?: number) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'ioc-sim-'));
      const context = { fixtures: loadFixtures(), timeZone: 'Asia/Ho_Chi_Minh', now: () => now };
      const hub = new TopicHub({ emit: () => {} });
      const runtime = new DomainRuntime(domains, context, hub);
      const db = openDatabase(path.join(dir, 'ioc.sqlite'));
      const store = new EventStore(db);
      const ingest = new IngestService(store, runtime, () => now);
      const options = { rate: 1, stepMs: 1000, seedDays: 14, seed: 7, surgeAt };
      await new SimulatorFeed(runtime, context, ingest, store, options).seed();
      runtime.tick(now);
      hub.flush();
      const { byStatus } = hub.snapshot('reports.summary').data;
      store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
      return (byStatus.new ?? 0) + (byStatus.approved ?? 0);
    };
    expect(await waiting()).toBeLessThan(10);
    expect(await waiting(now - 2 * 3_600_000)).toBeGreaterThanOrEqual(20);
  });
});
