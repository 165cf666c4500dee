/**
 * `npm run bench:mqtt`: messages per second from Mosquitto (127.0.0.1:1883) to stored events,
 * through the shipped MQTT feed's mapping (`config/feeds/dem-xe-mqtt.yaml`), in a real app with a
 * temporary data folder. The publisher keeps under Mosquitto's default queue of 1000 messages per
 * client (max_queued_messages), which drops the rest. Figures are printed, never asserted.
 *
 *   npm run bench:mqtt -- --messages 20000
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config/load-config';
import type { MqttFeed } from '../config/schema/feed';
import { arg } from './bench-support';

const total = arg('messages', 20_000);
const window = arg('window', 800);

const config = await loadConfig();
const run = randomUUID().slice(0, 8);
const example = config.feeds.get('dem-xe-mqtt') as MqttFeed;
const feed: MqttFeed = {
  ...example,
  paused: false,
  topics: [`bench-${run}/langson/giaothong/+/luuluong`],
  clientId: `ioc-bench-${run}`,
};
config.feeds = new Map([[feed.id, feed]]);
const dataDir = mkdtempSync(path.join(tmpdir(), 'ioc-bench-mqtt-'));
const ioc = await buildApp({ config, dataDir, simulator: false, maxEventLoopDelayMs: 0 });
await ioc.startFeeds();
const health = () => ioc.app.feeds.health()[0]!;
while (!health().connected) await new Promise((resolve) => setTimeout(resolve, 10));

const publisher = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { clientId: `ioc-bench-pub-${run}` });
const topic = feed.topics[0]!.replace('+', 'ql1a-trung-tam');
const start = Date.now() - 30 * 86_400_000;
const started = performance.now();
for (let i = 0; i < total; i++) {
  while (i - health().messages > window) await new Promise((resolve) => setTimeout(resolve, 1));
  const ts = new Date(start + i * 100).toISOString();
  void publisher.publishAsync(topic, JSON.stringify({ ts, count: 30 + (i % 20), speed: 40, occ: 20, jam: false }), {
    qos: 1,
  });
}
while (health().stored < total) await new Promise((resolve) => setTimeout(resolve, 5));
const seconds = (performance.now() - started) / 1000;
console.log(
  `mqtt ingest: ${total} messages stored in ${seconds.toFixed(1)} s = ${Math.round(total / seconds)} messages/s ` +
    `(QoS 1, acknowledged after storing; refusals ${health().refusals})`,
);
await publisher.endAsync();
await ioc.close();
rmSync(dataDir, { recursive: true, force: true });
