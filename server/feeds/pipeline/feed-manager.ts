/**
 * Runs the feeds of `config/feeds/`: one channel (mapping, dead letters, health) and one connector
 * (MQTT client, poller, webhook key) per feed; starts, stops and restarts them as the config
 * changes or an operator pauses or resumes one. A feed that cannot start (a missing secret) says
 * why in its health; the others run on.
 */
import type { Feed } from '../../../config/schema/feed';
import type { IngestService } from '../../ingest/ingest-service';
import { HttpPoller } from '../http-poll/http-poller';
import { MqttConnector } from '../mqtt/mqtt-connector';
import { WebhookConnector } from '../webhook/webhook-connector';
import { FeedSetupError, type Connector, type ConnectorContext, type Schedule } from './connector';
import { FeedChannel } from './feed-channel';
import type { FeedHealthView } from './feed-health';
import type { FeedStore } from './feed-store';
import type { FeedSilence } from '../../exceptions/feed-silence';

export interface FeedManagerOptions {
  ingest: IngestService;
  store: FeedStore;
  now: () => number;
  schedule: Schedule;
  env: ConnectorContext['env'];
}

interface Running {
  feed: Feed;
  channel: FeedChannel;
  connector: Connector | null;
}

export class FeedManager {
  readonly #options: FeedManagerOptions;
  readonly #feeds = new Map<string, Running>();
  #started = false;

  constructor(options: FeedManagerOptions, feeds: ReadonlyMap<string, Feed>) {
    this.#options = options;
    for (const feed of feeds.values()) this.#feeds.set(feed.id, this.#prepare(feed));
  }

  /** Connects every feed that is not paused. */
  async start(): Promise<void> {
    this.#started = true;
    for (const running of this.#feeds.values()) this.#connect(running);
  }

  async stop(): Promise<void> {
    this.#started = false;
    await Promise.all([...this.#feeds.values()].map((running) => this.#disconnect(running)));
  }

  /** After a config reload: a feed whose file changed restarts, a removed one stops, a new one starts. */
  async sync(feeds: ReadonlyMap<string, Feed>): Promise<void> {
    for (const [id, running] of this.#feeds) {
      const next = feeds.get(id);
      if (next && JSON.stringify(next) === JSON.stringify(running.feed)) continue;
      await this.#disconnect(running);
      this.#feeds.delete(id);
    }
    for (const feed of feeds.values()) {
      if (this.#feeds.has(feed.id)) continue;
      const running = this.#prepare(feed);
      this.#feeds.set(feed.id, running);
      if (this.#started) this.#connect(running);
    }
  }

  ids(): string[] {
    return [...this.#feeds.keys()];
  }

  channel(id: string): FeedChannel | null {
    return this.#feeds.get(id)?.channel ?? null;
  }

  connector(id: string): Connector | null {
    return this.#feeds.get(id)?.connector ?? null;
  }

  /** The HMAC key of a running, unpaused webhook feed; null otherwise. */
  webhookSecret(id: string): string | null {
    const connector = this.#feeds.get(id)?.connector;
    return connector instanceof WebhookConnector ? connector.secret : null;
  }

  paused(id: string): boolean {
    const running = this.#feeds.get(id);
    if (!running) return true;
    return this.#options.store.state(id).paused ?? running.feed.paused;
  }

  /** An operator's pause or resume: kept across restarts, until the next one. */
  async setPaused(id: string, paused: boolean): Promise<boolean> {
    const running = this.#feeds.get(id);
    if (!running) return false;
    this.#options.store.saveState(id, { paused }, this.#options.now());
    if (paused) await this.#disconnect(running);
    else if (this.#started && !running.connector) this.#connect(running);
    return true;
  }

  health(): FeedHealthView[] {
    const now = this.#options.now();
    return [...this.#feeds.values()].map(({ feed, channel }) => {
      const { health } = channel;
      const paused = this.paused(feed.id);
      return {
        id: feed.id,
        kind: feed.kind,
        title: feed.title,
        paused,
        connected: health.connected,
        stale: health.stale(now, feed.staleAfterSeconds, paused),
        lastMessageAt: health.lastMessageAt,
        ...health.rates(now),
        messages: health.messages,
        stored: health.stored,
        duplicates: health.duplicates,
        refusals: health.refusals,
        deadLetters: this.#options.store.deadLetterCount(feed.id),
        lastError: health.lastError,
      };
    });
  }

  /**
   * Each feed's silence limit and when it was last heard, for the stale alarm of "Needs attention"
   * (asked at every judgement, so it reads no database: a feed not connected — paused, or unable to
   * start, which its health says — is not listening, hence not silent).
   */
  silences(): FeedSilence[] {
    return [...this.#feeds.values()].map(({ feed, channel, connector }) => ({
      id: feed.id,
      title: feed.title,
      staleAfterSeconds: feed.staleAfterSeconds,
      lastHeardAt: channel.health.lastMessageAt ?? channel.health.listeningSince,
      paused: connector === null,
    }));
  }

  #prepare(feed: Feed): Running {
    const { ingest, store, now } = this.#options;
    return { feed, channel: new FeedChannel(feed, ingest, store, now), connector: null };
  }

  #connect(running: Running): void {
    if (running.connector || this.paused(running.feed.id)) return;
    const { feed, channel } = running;
    const context: ConnectorContext = { ...this.#options, channel };
    const connector =
      feed.kind === 'mqtt'
        ? new MqttConnector(feed, context)
        : feed.kind === 'http-poll'
          ? new HttpPoller(feed, context)
          : new WebhookConnector(feed, context);
    try {
      connector.start();
      running.connector = connector;
    } catch (error) {
      if (!(error instanceof FeedSetupError)) throw error;
      channel.health.connected = false;
      channel.health.error(this.#options.now(), { en: error.message, vi: error.vi });
    }
  }

  async #disconnect(running: Running): Promise<void> {
    const connector = running.connector;
    running.connector = null;
    await connector?.stop();
  }
}
