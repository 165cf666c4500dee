/**
 * The MQTT feed against the real Mosquitto on 127.0.0.1:1883 (`.ci/run` starts it): messages
 * published by a real client go through the shipped example's mapping into the event store.
 */
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config';
import type { MqttFeed } from '../../../config/schema/feed';
import { startTestApp, testConfig, type TestApp } from '../../test-support/test-app';
import { waitUntil } from '../../test-support/wait-until';
import type { MqttConnector } from './mqtt-connector';

const BROKER = 'mqtt://127.0.0.1:1883';
let example: MqttFeed;
let publisher: MqttClient;
const apps: TestApp[] = [];

beforeAll(async () => {
  example = (await loadConfig()).feeds.get('dem-xe-mqtt') as MqttFeed;
  publisher = await mqtt.connectAsync(BROKER, { clientId: `ioc-test-pub-${randomUUID()}` });
});
afterAll(async () => {
  await publisher.endAsync();
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.dispose()));
});

/** A run of its own: topics and client id nobody else uses, so tests never see each other's messages. */
function feedOfRun(overrides: Partial<MqttFeed> = {}): MqttFeed {
  const run = randomUUID().slice(0, 8);
  return {
    ...example,
    id: 'dem-xe',
    paused: false,
    topics: [`test-${run}/langson/giaothong/+/luuluong`],
    clientId: `ioc-test-${run}`,
    ...overrides,
  };
}

async function startWith(feed: MqttFeed, dataDir?: string): Promise<TestApp> {
  const config = testConfig();
  config.feeds.set(feed.id, feed);
  const app = await startTestApp({ config, dataDir });
  apps.push(app);
  await app.ioc.startFeeds();
  await waitUntil(() => app.ioc.app.feeds.health()[0]!.connected, 'the feed connects to Mosquitto');
  return app;
}

const topicOf = (feed: MqttFeed, segment: string) => feed.topics[0]!.replace('+', segment);
let minute = 0;
/** A counter's message, a distinct 5-minute slot each (the id is built from segment and time). */
function reading(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = new Date(Date.now() - 3_600_000 + minute++ * 1000).toISOString();
  return { ts, count: 35, speed: 38.5, occ: 21, jam: false, ...overrides };
}

function storedCount(app: TestApp): number {
  return (app.ioc.db.prepare("SELECT count(*) AS n FROM events WHERE source = 'feed:dem-xe'").get() as { n: number }).n;
}

const publish = (topic: string, payload: string) => publisher.publishAsync(topic, payload, { qos: 1 });

describe('MQTT feed', () => {
  it('stores a good message once, and its duplicate not again', async () => {
    const feed = feedOfRun();
    const app = await startWith(feed);
    const message = JSON.stringify(reading());
    await publish(topicOf(feed, 'ql1a-trung-tam'), message);
    await waitUntil(() => storedCount(app) === 1, 'the reading is stored');
    const row = app.ioc.db.prepare("SELECT kind, payload FROM events WHERE source = 'feed:dem-xe'").get() as {
      kind: string;
      payload: string;
    };
    expect(row.kind).toBe('traffic.flow-observed');
    expect(JSON.parse(row.payload)).toMatchObject({
      refRoadSegment: 'ql1a-trung-tam',
      intensity: 420,
      occupancy: 0.21,
    });

    await publish(topicOf(feed, 'ql1a-trung-tam'), message);
    await waitUntil(() => app.ioc.app.feeds.health()[0]!.duplicates === 1, 'the duplicate is acknowledged');
    expect(storedCount(app)).toBe(1);
  });

  it('puts malformed JSON, a mapping error and a refused value in the dead letters with their reasons', async () => {
    const feed = feedOfRun();
    const app = await startWith(feed);
    await publish(topicOf(feed, 'ql1a-trung-tam'), '{"ts": "2026-12-04T08:05:00+07:00", count: 35');
    await publish(topicOf(feed, 'ql1a-trung-tam'), JSON.stringify(reading({ count: 'nhiều' })));
    await publish(topicOf(feed, 'khong-co-doan-nay'), JSON.stringify(reading()));
    await publish(topicOf(feed, 'ql1a-trung-tam'), JSON.stringify(reading({ occ: 250 })));
    const store = app.ioc.app.feedStore;
    await waitUntil(() => store.deadLetterCount('dem-xe') === 4, 'four dead letters');
    const letters = store.deadLetters('dem-xe').reverse();
    expect(letters.map(({ stage, field }) => [stage, field])).toEqual([
      ['parse', null],
      ['mapping', null],
      ['ingest', 'events[0].data.refRoadSegment'],
      ['ingest', 'events[0].data.occupancy'],
    ]);
    expect(letters[0]!.reason.en).toMatch(/^not valid JSON/);
    expect(letters[0]!.reason.vi).toMatch(/^không phải JSON hợp lệ/);
    expect(letters[0]!.raw).toBe('{"ts": "2026-12-04T08:05:00+07:00", count: 35');
    expect(letters[0]!.context).toEqual({ topic: topicOf(feed, 'ql1a-trung-tam') });
    expect(letters[1]!.reason.en).toMatch(/mapping failed .*\$round|number/i);
    expect(letters[2]!.reason.en).toMatch(/unknown road segment "khong-co-doan-nay"/);
    expect(storedCount(app)).toBe(0);
    const health = app.ioc.app.feeds.health()[0]!;
    expect(health).toMatchObject({ messages: 4, refusals: 4, refusalsPerMinute: 4, deadLetters: 4 });
    expect(health.lastError?.vi).toBeTruthy();
  });

  it('reconnects after the broker connection drops, and loses nothing sent meanwhile', async () => {
    const feed = feedOfRun();
    const app = await startWith(feed);
    const connector = app.ioc.app.feeds.connector('dem-xe') as MqttConnector;
    const client = connector.client!;
    const reconnected = new Promise<void>((resolve) => client.once('connect', () => resolve()));
    client.stream.destroy();
    await waitUntil(() => !app.ioc.app.feeds.health()[0]!.connected, 'the feed sees the drop');
    for (let i = 0; i < 5; i++) await publish(topicOf(feed, 'ql1a-trung-tam'), JSON.stringify(reading()));
    await reconnected;
    await waitUntil(() => storedCount(app) === 5, 'the five readings sent during the drop are stored');
    expect(app.ioc.app.feeds.health()[0]!.connected).toBe(true);
  });

  it('resumes its session after a restart: what was published while it was down arrives', async () => {
    const feed = feedOfRun();
    const first = await startWith(feed);
    const dataDir = first.dataDir;
    await first.close();
    for (let i = 0; i < 3; i++) await publish(topicOf(feed, 'ql1a-trung-tam'), JSON.stringify(reading()));
    const second = await startWith(feed, dataDir);
    await waitUntil(() => storedCount(second) === 3, 'the three readings queued by the broker are stored');
  });

  it('a burst of 10,000: every good one stored once, every bad one in the dead letters', async () => {
    const feed = feedOfRun({ deadLetterLimit: 5000 });
    const app = await startWith(feed);
    const topic = topicOf(feed, 'ql1a-trung-tam');
    const received = () => app.ioc.app.feeds.health()[0]!.messages;
    let sent = 0;
    for (let i = 0; i < 10_000; i++) {
      const bad = i % 10 === 9;
      const payload = bad
        ? i % 20 === 19
          ? `{"không phải json ${i}`
          : JSON.stringify(reading({ count: null }))
        : JSON.stringify(reading());
      // Mosquitto queues at most 1000 messages per client by default (max_queued_messages) and
      // drops the rest: the publisher keeps below that, as a gateway with QoS 1 does.
      if (sent - received() > 800) await waitUntil(() => sent - received() <= 400, 'the feed catches up');
      void publish(topic, payload);
      sent++;
      // Some good messages a second time: duplicates are harmless.
      if (i % 100 === 0) {
        void publish(topic, payload);
        sent++;
      }
    }
    await waitUntil(
      () => storedCount(app) === 9000 && app.ioc.app.feedStore.deadLetterCount('dem-xe') === 1000,
      '9,000 stored and 1,000 dead letters',
      120_000,
    );
    const health = app.ioc.app.feeds.health()[0]!;
    expect(health).toMatchObject({ messages: 10_100, stored: 9000, duplicates: 100, refusals: 1000 });
  }, 240_000);
});
