/**
 * The leader's topics on every process. Only the leader aggregates; its hub's deltas reach its
 * own screens and, through `ioc:delta`, the other processes' hubs, which apply each to their copy
 * and only then send it to their own screens. So a follower answers a screen's subscription
 * (snapshot or replay) as the leader would, from a copy with the leader's epoch and seqs, and the
 * next delta that screen hears is the one after its snapshot (one channel, in order; a broadcast
 * through the adapter's rooms beside `ioc:delta` could reach a screen before the copy holds it).
 * A follower that misses a delta (a gap) or sees another epoch takes the leader's whole state
 * again (`ioc:state`); a new leader sends its state with `ioc:leader`. Whenever a process's copy
 * changes epoch, or a topic's seq jumps without its deltas, it tells its own screens
 * `topic:reset`: they take a snapshot, never a replay of another run's seqs, never a gap.
 */
import type { IocServer } from '../realtime/socket-gateway';
import type { TopicHub } from '../realtime/topic-hub';
import type { TopicDeltaMessage, TopicsState } from '../protocol/index';

export class TopicRelay {
  readonly #io: IocServer;
  readonly #hub: TopicHub;
  readonly #leading: () => boolean;
  /** Deltas of another epoch that arrived while the state was being fetched. */
  #waiting: Array<{ epoch: string; message: TopicDeltaMessage }> = [];
  #syncing: Promise<void> | null = null;
  #closed = false;
  readonly #reachable: () => boolean;

  /**
   * `reachable`: whether Redis answers now. The adapter sends inter-server messages over PUB/SUB
   * without catching a failed publish, so one sent while Redis is away would be an unhandled
   * rejection; it would be lost anyway, and a follower finds the gap by seq or syncs on reconnect.
   */
  constructor(io: IocServer, hub: TopicHub, leading: () => boolean, reachable: () => boolean) {
    this.#io = io;
    this.#hub = hub;
    this.#leading = leading;
    this.#reachable = reachable;
    hub.onSend((message) => {
      if (this.#leading() && this.#sendable()) this.#io.serverSideEmit('ioc:delta', hub.epoch, message);
    });
    io.on('ioc:state', (ack) => ack(this.#leading() ? this.state() : null));
    io.on('ioc:leader', (state) => {
      if (!this.#leading()) this.#adopt(state);
    });
    io.on('ioc:delta', (epoch, message) => this.#received(epoch, message));
  }

  state(): TopicsState {
    return { epoch: this.#hub.epoch, snapshots: this.#hub.snapshots() };
  }

  #received(epoch: string, message: TopicDeltaMessage): void {
    if (this.#leading() || this.#closed) return;
    if (epoch === this.#hub.epoch && !this.#syncing) {
      if (!this.#hub.mirror(message)) void this.sync();
      return;
    }
    this.#waiting.push({ epoch, message });
    void this.sync();
  }

  #sendable(): boolean {
    return !this.#closed && this.#reachable();
  }

  /**
   * Takes the leader's whole state (at start, after a gap, on a new epoch, after Redis came back:
   * deltas published meanwhile over PUB/SUB are gone, and no later delta may come to show the gap).
   */
  sync(): Promise<void> {
    if (!this.#sendable()) return Promise.resolve();
    this.#syncing ??= new Promise<void>((resolve) => {
      this.#io.serverSideEmit('ioc:state', (_error: Error | null, responses: Array<TopicsState | null>) => {
        // A timeout (a process that died and is not yet forgotten) still brings the others' answers.
        const state = (responses ?? []).find((response): response is TopicsState => response !== null);
        this.#syncing = null;
        if (state && !this.#leading() && !this.#closed) this.#adopt(state);
        resolve();
      });
    });
    return this.#syncing;
  }

  #adopt(state: TopicsState): void {
    const changedEpoch = state.epoch !== this.#hub.epoch;
    const moved = new Set(this.#hub.adopt(state.epoch, state.snapshots));
    // Before the waiting deltas go out: a screen told to reset then hears only what follows.
    this.resetScreens(changedEpoch ? undefined : moved);
    const waiting = this.#waiting;
    this.#waiting = [];
    let gap = false;
    for (const { epoch, message } of waiting) {
      if (epoch === state.epoch && !this.#hub.mirror(message)) gap = true;
    }
    if (gap) void this.sync();
  }

  /** Tells this process's screens to take each topic (or those of `only`) afresh. */
  resetScreens(only?: ReadonlySet<string>): void {
    for (const { topic, room } of this.#hub.rooms()) {
      if (!only || only.has(topic)) this.#io.local.to(room).emit('topic:reset', topic);
    }
  }

  /** A new leader tells the others its state. */
  announce(): void {
    if (this.#sendable()) this.#io.serverSideEmit('ioc:leader', this.state());
  }

  close(): void {
    this.#closed = true;
  }
}
