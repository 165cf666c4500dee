/**
 * An MQTT feed (mqtt.js): subscribes to its topic filters with QoS 1 under a fixed client id and a
 * persistent session (clean: false), so a restart resumes where it stopped; a message is
 * acknowledged only once stored or dead-lettered, so a crash in between means the broker sends it
 * again, and its idempotency key makes that harmless. Reconnects with a growing wait.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { MqttFeed } from '../../../config/schema/feed';
import { Backoff, secretFrom, type Connector, type ConnectorContext } from '../pipeline/connector';

const FIRST_RECONNECT_MS = 500;
const MAX_RECONNECT_MS = 30_000;

export class MqttConnector implements Connector {
  readonly #feed: MqttFeed;
  readonly #context: ConnectorContext;
  readonly #backoff = new Backoff(FIRST_RECONNECT_MS, MAX_RECONNECT_MS);
  #client: MqttClient | null = null;

  constructor(feed: MqttFeed, context: ConnectorContext) {
    this.#feed = feed;
    this.#context = context;
  }

  /** The client, for tests that break its connection on purpose. */
  get client(): MqttClient | null {
    return this.#client;
  }

  start(): void {
    const feed = this.#feed;
    const { channel, now } = this.#context;
    const password = feed.passwordEnv ? secretFrom(this.#context.env, feed.passwordEnv) : undefined;
    const client = mqtt.connect(feed.url, {
      clientId: feed.clientId,
      clean: false,
      username: feed.username,
      password,
      reconnectPeriod: FIRST_RECONNECT_MS,
      connectTimeout: 10_000,
      // Handlers first, then connect: no early message goes past handleMessage.
      manualConnect: true,
    });
    this.#client = client;
    channel.health.listeningSince = now();
    client.handleMessage = (packet, done) => {
      const text = typeof packet.payload === 'string' ? packet.payload : packet.payload.toString('utf8');
      channel.receiveText(text, { topic: packet.topic }).then(
        () => done(),
        (error: unknown) => {
          // Not stored and not refused (the store cannot write): no acknowledgement, the broker keeps it.
          channel.health.error(now(), {
            en: `could not keep a message: ${(error as Error).message}`,
            vi: `không lưu được tin nhận: ${(error as Error).message}`,
          });
          done(error as Error);
        },
      );
    };
    client.on('connect', () => {
      this.#backoff.succeeded();
      client.options.reconnectPeriod = FIRST_RECONNECT_MS;
      channel.health.connected = true;
      // A resumed session keeps its subscriptions; subscribing again is harmless and covers a changed list.
      client.subscribe(feed.topics, { qos: feed.qos }, (error) => {
        if (error)
          channel.health.error(now(), {
            en: `the broker refused the subscription: ${error.message}`,
            vi: `máy chủ MQTT từ chối đăng ký chủ đề: ${error.message}`,
          });
      });
    });
    client.on('close', () => {
      channel.health.connected = false;
      client.options.reconnectPeriod = this.#backoff.failed();
    });
    client.on('error', (error) => {
      channel.health.error(now(), {
        en: `MQTT connection to ${feed.url}: ${error.message}`,
        vi: `kết nối MQTT tới ${feed.url}: ${error.message}`,
      });
    });
    client.connect();
  }

  async stop(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    this.#context.channel.health.connected = false;
    if (client) await client.endAsync();
  }
}
