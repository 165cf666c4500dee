/**
 * The one road of a feed's message, whatever brought it (MQTT, a poll, a webhook): parse, map,
 * ingest with the feed as source (`feed:<id>`). Whatever is refused on the way goes to the feed's
 * dead letters with the reason and the raw message, so nothing is lost silently.
 */
import type { Feed } from '../../../config/schema/feed';
import type { IngestEvent } from '../../domains/domain';
import type { IngestService } from '../../ingest/ingest-service';
import { InputError } from '../../ingest/ingest-error';
import { FeedHealth } from './feed-health';
import type { FeedStore, NewDeadLetter } from './feed-store';
import { compileExpression, evaluate, MappingError, toEvents } from './mapping';

export type Outcome =
  { result: 'stored'; events: number; duplicates: number } | { result: 'refused'; deadLetter: number };

/** What a message came with besides its body (an MQTT topic), bound in the mapping as `$topic`. */
export type MessageContext = Record<string, string>;

export class FeedChannel {
  readonly feed: Feed;
  readonly health = new FeedHealth();
  readonly #mapping;
  readonly #ingest: IngestService;
  readonly #store: FeedStore;
  readonly #now: () => number;

  constructor(feed: Feed, ingest: IngestService, store: FeedStore, now: () => number) {
    this.feed = feed;
    this.#mapping = compileExpression(feed.mapping);
    this.#ingest = ingest;
    this.#store = store;
    this.#now = now;
  }

  get source(): string {
    return `feed:${this.feed.id}`;
  }

  /** A message as text (MQTT payload, a webhook's body): JSON, then the mapping, then ingest. */
  async receiveText(raw: string, context: MessageContext = {}): Promise<Outcome> {
    this.health.message(this.#now());
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch (error) {
      return this.#refuse({
        stage: 'parse',
        field: null,
        reason: {
          en: `not valid JSON: ${(error as Error).message}`,
          vi: `không phải JSON hợp lệ: ${(error as Error).message}`,
        },
        raw,
        context,
      });
    }
    return this.#deliver(message, raw, context);
  }

  /** A message already parsed (a polled record). */
  async receive(message: unknown, context: MessageContext = {}): Promise<Outcome> {
    this.health.message(this.#now());
    return this.#deliver(message, JSON.stringify(message), context);
  }

  /** The events a message would make, or the exact mapping error: a dry run, nothing stored. */
  async dryRun(message: unknown, context: MessageContext = {}): Promise<IngestEvent[]> {
    const events = await this.map(message, context);
    this.#ingest.validate(events, { source: this.source });
    return events;
  }

  async map(message: unknown, context: MessageContext = {}): Promise<IngestEvent[]> {
    const result = await evaluate(this.#mapping, message, { ...context, feed: this.feed.id });
    return toEvents(result, this.feed.emits);
  }

  async #deliver(message: unknown, raw: string, context: MessageContext): Promise<Outcome> {
    let events: IngestEvent[];
    try {
      events = await this.map(message, context);
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      return this.#refuse({
        stage: 'mapping',
        field: error.field,
        reason: { en: error.message, vi: error.vi },
        raw,
        context,
      });
    }
    try {
      const result = await this.#ingest.ingest(events, { source: this.source });
      this.health.stored += result.accepted;
      this.health.duplicates += result.duplicates;
      return { result: 'stored', events: result.accepted, duplicates: result.duplicates };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return this.#refuse({
        stage: 'ingest',
        field: error.field,
        reason: { en: error.message, vi: error.messageVi },
        raw,
        context,
      });
    }
  }

  #refuse(letter: NewDeadLetter): Outcome {
    const now = this.#now();
    this.health.refusal(now, letter.reason);
    const id = this.#store.addDeadLetter(this.feed.id, now, letter, this.feed.deadLetterLimit);
    return { result: 'refused', deadLetter: id };
  }

  /** Runs a dead letter through the (fixed) mapping again; it leaves the list once stored. */
  async replay(id: number): Promise<Outcome | null> {
    const letter = this.#store.deadLetter(this.feed.id, id);
    if (!letter) return null;
    const context = (letter.context ?? {}) as MessageContext;
    let message: unknown;
    try {
      message = JSON.parse(letter.raw);
    } catch {
      return { result: 'refused', deadLetter: id };
    }
    let events: IngestEvent[];
    try {
      events = await this.map(message, context);
      const result = await this.#ingest.ingest(events, { source: this.source });
      this.#store.removeDeadLetter(id);
      this.health.stored += result.accepted;
      this.health.duplicates += result.duplicates;
      return { result: 'stored', events: result.accepted, duplicates: result.duplicates };
    } catch (error) {
      if (error instanceof MappingError || error instanceof InputError) return { result: 'refused', deadLetter: id };
      throw error;
    }
  }
}
