/**
 * The replayed moment's topics, handed to widgets through the same `TopicStore` they read live:
 * the store's transport answers each subscription from the moment shown instead of a socket, and
 * showing another moment asks every topic on screen to start afresh from it. No socket is opened,
 * so nothing live can overwrite the past.
 */
import type { SubscribeAck, SubscribeRequest, TopicName, TopicSnapshot } from '../../../server/protocol/index';
import { TopicStore, type FrameScheduler, type TopicTransport } from '../../live/topic-store.svelte';

const NOT_YET = {
  vi: 'Chưa có dữ liệu của mục này tại thời điểm đó',
  en: 'No data for this item at that moment',
} as const;

export class ReplayFeed implements TopicTransport {
  readonly store: TopicStore;
  #topics = new Map<TopicName, TopicSnapshot>();

  constructor(schedule?: FrameScheduler) {
    this.store = new TopicStore(this, schedule);
  }

  subscribe(request: SubscribeRequest): Promise<SubscribeAck> {
    const snapshot = this.#topics.get(request.topic);
    return Promise.resolve(
      snapshot
        ? { ok: true, mode: 'snapshot', snapshot }
        : { ok: false, error: { code: 'unknown_topic', message: { ...NOT_YET } } },
    );
  }

  unsubscribe(): void {
    // Nothing to leave: no socket.
  }

  /** Shows a moment: every topic read on screen takes its data from these. */
  show(topics: readonly TopicSnapshot[]): void {
    const before = [...this.#topics.keys()];
    this.#topics = new Map(topics.map((topic) => [topic.topic, topic]));
    for (const name of new Set([...before, ...this.#topics.keys()])) this.store.reset(name);
  }
}
