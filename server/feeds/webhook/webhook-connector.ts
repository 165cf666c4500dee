/**
 * An inbound webhook feed: nothing to connect to, the partner posts to `POST /api/v1/hooks/<feed>`
 * (`server/routes/hooks/`). Running means its key is at hand, from the environment variable named
 * in the file.
 */
import type { WebhookFeed } from '../../../config/schema/feed';
import { secretFrom, type Connector, type ConnectorContext } from '../pipeline/connector';

export class WebhookConnector implements Connector {
  readonly #feed: WebhookFeed;
  readonly #context: ConnectorContext;
  #secret: string | null = null;

  constructor(feed: WebhookFeed, context: ConnectorContext) {
    this.#feed = feed;
    this.#context = context;
  }

  /** The HMAC key while running; null when stopped. */
  get secret(): string | null {
    return this.#secret;
  }

  start(): void {
    this.#secret = secretFrom(this.#context.env, this.#feed.secretEnv);
    this.#context.channel.health.connected = true;
    this.#context.channel.health.listeningSince = this.#context.now();
  }

  async stop(): Promise<void> {
    this.#secret = null;
    this.#context.channel.health.connected = false;
  }
}
