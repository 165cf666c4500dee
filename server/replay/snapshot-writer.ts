/**
 * Takes snapshots as the live system runs: after `everyEvents` new events, or `everyMinutes`
 * after the last one when events came since. It looks once a second on its own timer, never on
 * the ingest path; a snapshot is taken between two batches of events, so it covers exactly the
 * events up to the runtime's last seq.
 */
import type { DomainRuntime, RuntimeSnapshot } from '../domains/runtime';
import type { SnapshotStore } from './snapshot-store';

export interface SnapshotSchedule {
  everyEvents: number;
  everyMinutes: number;
  keepAllHours: number;
  keepEveryHours: number;
}

export class SnapshotWriter {
  readonly #runtime: DomainRuntime;
  readonly #store: SnapshotStore;
  readonly #schedule: SnapshotSchedule;
  readonly #now: () => number;
  #lastSeq: number;
  #lastAt: number;
  #timer: NodeJS.Timeout | null = null;
  /** A take under way (PostgreSQL's writes take time): the timer does not start another. */
  #taking: Promise<unknown> | null = null;
  /** How long the last snapshot took (ms), for the logs and the bench. */
  lastDurationMs = 0;

  constructor(runtime: DomainRuntime, store: SnapshotStore, schedule: SnapshotSchedule, now: () => number) {
    this.#runtime = runtime;
    this.#store = store;
    this.#schedule = schedule;
    this.#now = now;
    this.#lastSeq = runtime.lastSeq;
    this.#lastAt = now();
  }

  /**
   * Counts from the runtime's state `seq` now (after a start's rebuild or a new leader's): the
   * state just loaded is not due for a snapshot of its own.
   */
  restartFrom(seq: number): void {
    this.#lastSeq = seq;
    this.#lastAt = this.#now();
  }

  /** Whether a snapshot is due now. */
  due(): boolean {
    const fresh = this.#runtime.lastSeq - this.#lastSeq;
    if (fresh <= 0) return false;
    return fresh >= this.#schedule.everyEvents || this.#now() - this.#lastAt >= this.#schedule.everyMinutes * 60_000;
  }

  /**
   * Takes and stores a snapshot now (when there is anything new); returns it, or null. The state is
   * copied at once, between two batches of events; only its writing waits for the store.
   */
  async take(): Promise<RuntimeSnapshot | null> {
    if (this.#runtime.lastSeq === this.#lastSeq) return null;
    const started = performance.now();
    const snapshot = this.#runtime.snapshot();
    if (!snapshot) return null;
    const receivedAt = (await this.#store.receivedAt(snapshot.seq)) ?? this.#now();
    await this.#store.save(snapshot, receivedAt, this.#now());
    await this.#store.prune(this.#now(), this.#schedule);
    this.#lastSeq = snapshot.seq;
    this.#lastAt = this.#now();
    this.lastDurationMs = performance.now() - started;
    return snapshot;
  }

  /**
   * Looks every `intervalMs` and takes a snapshot when one is due. A snapshot that cannot be
   * written (the state too large for one JSON string, the disk full) is reported to `onError` and
   * not tried again before the schedule says so: it runs on a timer, where a throw would end the
   * server, and a snapshot is only a shortcut (a start replays more of the log without it).
   */
  start(intervalMs = 1000, onError: (error: Error) => void = () => {}): void {
    this.#timer ??= setInterval(() => {
      if (this.#taking || !this.due()) return;
      const failed = (error: unknown) => {
        this.#lastSeq = this.#runtime.lastSeq;
        this.#lastAt = this.#now();
        onError(error instanceof Error ? error : new Error(String(error)));
      };
      let taking: Promise<unknown>;
      try {
        taking = this.take().catch(failed);
      } catch (error) {
        failed(error);
        return;
      }
      this.#taking = taking.finally(() => {
        this.#taking = null;
      });
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer; the promise ends when a take under way has written (or failed). */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#taking;
  }
}

/**
 * The snapshot a start should load: the newest one that fits the code, or null with why not
 * (none yet, or written by other aggregator versions: then the whole log is replayed).
 */
export async function startSnapshot(
  runtime: DomainRuntime,
  store: SnapshotStore,
): Promise<{ snapshot: RuntimeSnapshot | null; reason: string | null }> {
  const latest = await store.latest();
  if (!latest) return { snapshot: null, reason: 'no snapshot yet' };
  const unfit = runtime.unfit(latest.snapshot);
  return unfit ? { snapshot: null, reason: unfit } : { snapshot: latest.snapshot, reason: null };
}
