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

  /** Whether a snapshot is due now. */
  due(): boolean {
    const fresh = this.#runtime.lastSeq - this.#lastSeq;
    if (fresh <= 0) return false;
    return fresh >= this.#schedule.everyEvents || this.#now() - this.#lastAt >= this.#schedule.everyMinutes * 60_000;
  }

  /** Takes and stores a snapshot now (when there is anything new); returns it, or null. */
  take(): RuntimeSnapshot | null {
    if (this.#runtime.lastSeq === this.#lastSeq) return null;
    const started = performance.now();
    const snapshot = this.#runtime.snapshot();
    if (!snapshot) return null;
    const receivedAt = this.#store.receivedAt(snapshot.seq) ?? this.#now();
    this.#store.save(snapshot, receivedAt, this.#now());
    this.#store.prune(this.#now(), this.#schedule);
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
      if (!this.due()) return;
      try {
        this.take();
      } catch (error) {
        this.#lastSeq = this.#runtime.lastSeq;
        this.#lastAt = this.#now();
        onError(error instanceof Error ? error : new Error(String(error)));
      }
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}

/**
 * The snapshot a start should load: the newest one that fits the code, or null with why not
 * (none yet, or written by other aggregator versions: then the whole log is replayed).
 */
export function startSnapshot(
  runtime: DomainRuntime,
  store: SnapshotStore,
): { snapshot: RuntimeSnapshot | null; reason: string | null } {
  const latest = store.latest();
  if (!latest) return { snapshot: null, reason: 'no snapshot yet' };
  const unfit = runtime.unfit(latest.snapshot);
  return unfit ? { snapshot: null, reason: unfit } : { snapshot: latest.snapshot, reason: null };
}
