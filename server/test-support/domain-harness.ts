/** Drives one domain's aggregator without a server: a fixed clock and a writer that keeps state. */
import { Compile } from 'typebox/compile';
import type {
  CollectionTopicName,
  Domain,
  DomainContext,
  ItemOf,
  StoredEvent,
  TopicWriter,
  ValueTopicName,
} from '../domains/domain';
import type { Identified, TopicName, TopicPayloads } from '../protocol/topics';
import { applyCollectionDelta } from '../protocol/apply-delta';
import { loadFixtures } from '../fixtures/fixtures';
import { UnchangedFilter } from '../realtime/unchanged-filter';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Keeps the latest state of every topic, as a client applying every change would, and records
 * the changes the hub would send: a write equal to what the topic holds is dropped here as there.
 */
export class RecordingWriter implements TopicWriter {
  readonly state = new Map<TopicName, unknown>();
  readonly changes: Array<{ topic: TopicName; kind: 'set' | 'upsert' | 'remove' }> = [];
  readonly #unchanged = new UnchangedFilter();

  set<N extends ValueTopicName>(topic: N, value: TopicPayloads[N]): void {
    if (!this.#unchanged.valueChanged(topic, value)) return;
    this.state.set(topic, value);
    this.changes.push({ topic, kind: 'set' });
  }
  upsert<N extends CollectionTopicName>(topic: N, items: ItemOf<N>[]): void {
    const changed = this.#unchanged.changedItems(topic, items as Identified[]);
    if (changed.length === 0) return;
    const current = (this.state.get(topic) as Identified[] | undefined) ?? [];
    this.state.set(topic, applyCollectionDelta(current, { upsert: changed }));
    this.changes.push({ topic, kind: 'upsert' });
  }
  remove<N extends CollectionTopicName>(topic: N, ids: string[]): void {
    this.#unchanged.removed(topic, ids);
    const current = (this.state.get(topic) as Identified[] | undefined) ?? [];
    this.state.set(topic, applyCollectionDelta(current, { remove: ids }));
    this.changes.push({ topic, kind: 'remove' });
  }
  replace<N extends CollectionTopicName>(topic: N, items: ItemOf<N>[]): void {
    if (this.#unchanged.sameList(topic, items as Identified[])) return;
    const shown = this.#unchanged.ids(topic);
    if (shown.length > 0) this.remove(topic, shown);
    this.upsert(topic, items);
  }
  get<N extends TopicName>(topic: N): TopicPayloads[N] {
    return this.state.get(topic) as TopicPayloads[N];
  }
}

export function domainHarness(domain: Domain, start: number) {
  let now = start;
  const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => now };
  const aggregator = domain.createAggregator(context);
  const out = new RecordingWriter();
  const validators = new Map(Object.entries(domain.events).map(([kind, schema]) => [kind, Compile(schema)]));
  let seq = 0;
  return {
    context,
    aggregator,
    out,
    setNow(ms: number) {
      now = ms;
    },
    /** Validates against the domain's schema (as ingest would), then applies. */
    apply(kind: string, data: Record<string, unknown>, time = now, simulated = false, source = 'test') {
      const validator = validators.get(kind);
      if (!validator) throw new Error(`unknown kind ${kind}`);
      if (!validator.Check(data)) throw new Error(`invalid ${kind}: ${JSON.stringify(validator.Errors(data)[0])}`);
      const event: StoredEvent = {
        seq: ++seq,
        domain: domain.name,
        kind,
        time,
        source,
        simulated,
        idempotencyKey: null,
        data,
      };
      aggregator.apply(event, out);
    },
    flush() {
      aggregator.flush(out);
    },
    tick(ms = now) {
      now = ms;
      aggregator.tick(ms, out);
    },
    errors(kind: string, data: unknown) {
      return validators
        .get(kind)!
        .Errors(data)
        .map((error) => `${error.instancePath} ${error.message}`);
    },
  };
}
