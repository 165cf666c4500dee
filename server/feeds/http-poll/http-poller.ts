/**
 * An HTTP polling feed: fetches a URL at an interval (JSON, CSV or XML), asks with the validators
 * of the last answer (ETag, Last-Modified) so an unchanged source costs a 304, gives up after a
 * timeout, waits longer after each failure, and remembers a cursor (a growing field of the
 * records, kept in SQLite) so only records past it become events, across restarts too.
 */
import type { HttpPollFeed } from '../../../config/schema/feed';
import { Backoff, secretFrom, type Connector, type ConnectorContext } from '../pipeline/connector';
import { compileExpression, evaluate } from '../pipeline/mapping';
import { parseBody } from './parse-body';

/** After failures the wait grows up to this many intervals. */
const MAX_BACKOFF_INTERVALS = 16;

export class HttpPoller implements Connector {
  readonly #feed: HttpPollFeed;
  readonly #context: ConnectorContext;
  readonly #records;
  readonly #backoff: Backoff;
  #token: string | undefined;
  #cancel: (() => void) | null = null;
  #abort: AbortController | null = null;
  #running = false;

  constructor(feed: HttpPollFeed, context: ConnectorContext) {
    this.#feed = feed;
    this.#context = context;
    this.#records = compileExpression(feed.records);
    const interval = feed.intervalSeconds * 1000;
    this.#backoff = new Backoff(interval * 2, interval * MAX_BACKOFF_INTERVALS);
  }

  start(): void {
    this.#token = this.#feed.tokenEnv ? secretFrom(this.#context.env, this.#feed.tokenEnv) : undefined;
    this.#running = true;
    this.#context.channel.health.listeningSince = this.#context.now();
    this.#next(0);
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#cancel?.();
    this.#cancel = null;
    this.#abort?.abort();
    this.#context.channel.health.connected = false;
  }

  #next(ms: number): void {
    if (!this.#running) return;
    this.#cancel = this.#context.schedule(() => this.poll(), ms);
  }

  /** One poll, then the next one scheduled: at the interval, or later after a failure. */
  async poll(): Promise<void> {
    const { channel, store, now, schedule } = this.#context;
    const feed = this.#feed;
    const health = channel.health;
    const abort = new AbortController();
    this.#abort = abort;
    const cancelTimeout = schedule(() => abort.abort(), feed.timeoutSeconds * 1000);
    try {
      const state = store.state(feed.id);
      const headers: Record<string, string> = { accept: ACCEPT[feed.format] };
      if (state.etag) headers['if-none-match'] = state.etag;
      if (state.lastModified) headers['if-modified-since'] = state.lastModified;
      if (this.#token) headers.authorization = `Bearer ${this.#token}`;
      const response = await fetch(feed.url, { headers, signal: abort.signal });
      if (response.status === 304) {
        await response.body?.cancel();
      } else if (!response.ok) {
        await response.body?.cancel();
        throw new PollError({
          en: `${feed.url} answered ${response.status} ${response.statusText}`,
          vi: `${feed.url} trả lời lỗi ${response.status} ${response.statusText}`,
        });
      } else {
        const text = await response.text();
        await this.#take(text, state.cursor);
        store.saveState(
          feed.id,
          { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') },
          now(),
        );
      }
      health.connected = true;
      this.#backoff.succeeded();
      cancelTimeout();
      this.#next(feed.intervalSeconds * 1000);
    } catch (error) {
      cancelTimeout();
      health.connected = false;
      health.error(now(), wordsOf(error, feed));
      this.#next(this.#backoff.failed());
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
  }

  /** The document's records past the cursor, oldest first, each through the feed's channel. */
  async #take(text: string, cursor: string | null): Promise<void> {
    const { channel, store, now } = this.#context;
    const feed = this.#feed;
    let document: unknown;
    try {
      document = parseBody(text, feed.format);
    } catch (error) {
      throw new PollError({
        en: `the answer is not valid ${feed.format.toUpperCase()}: ${(error as Error).message}`,
        vi: `nội dung trả về không phải ${feed.format.toUpperCase()} hợp lệ: ${(error as Error).message}`,
      });
    }
    const found = await evaluate(this.#records, document);
    const records = found === undefined ? [] : Array.isArray(found) ? found : [found];
    const field = feed.cursor;
    const fresh = field
      ? records
          .filter((record) => cursorOf(record, field) !== null)
          .filter((record) => cursor === null || compareCursors(cursorOf(record, field)!, cursor) > 0)
          .sort((a, b) => compareCursors(cursorOf(a, field)!, cursorOf(b, field)!))
      : records;
    for (const record of fresh) {
      await channel.receive(record);
      // Refused records go to the dead letters: the cursor moves past them too, or one bad
      // record would stop the feed for ever.
      if (field) store.saveState(feed.id, { cursor: cursorOf(record, field) }, now());
    }
  }
}

const ACCEPT = { json: 'application/json', csv: 'text/csv', xml: 'application/xml, text/xml' } as const;

class PollError extends Error {
  readonly vi: string;
  constructor(words: { en: string; vi: string }) {
    super(words.en);
    this.vi = words.vi;
  }
}

function wordsOf(error: unknown, feed: HttpPollFeed): { en: string; vi: string } {
  if (error instanceof PollError) return { en: error.message, vi: error.vi };
  const { name, message, vi } = error as { name?: string; message?: string; vi?: string };
  if (name === 'AbortError')
    return {
      en: `${feed.url} did not answer within ${feed.timeoutSeconds} s`,
      vi: `${feed.url} không trả lời trong ${feed.timeoutSeconds} giây`,
    };
  if (vi && message) return { en: message, vi };
  return { en: `cannot reach ${feed.url}: ${message}`, vi: `không kết nối được ${feed.url}: ${message}` };
}

function cursorOf(record: unknown, field: string): string | null {
  let value: unknown = record;
  for (const key of field.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** Numbers as numbers, times as times, anything else as text. */
export function compareCursors(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  const [s, t] = [Date.parse(a), Date.parse(b)];
  if (Number.isFinite(s) && Number.isFinite(t)) return s - t;
  return a < b ? -1 : a > b ? 1 : 0;
}
