/**
 * Whether a camera's picture is live, and what to do when it is not: a stream that fails, ends or
 * whose picture has not moved for `stallMs` is closed and shown as lost since the first failure,
 * then opened again after a wait that doubles up to `maxRetryMs`. Knows no DOM: the tile gives it
 * a function that opens the stream and reports progress and failure.
 */
export type SignalState =
  | { kind: 'connecting' }
  | { kind: 'playing' }
  /** `since`: server time of the first failure of this outage (kept across the retries). */
  | { kind: 'lost'; since: number; reason: string };

export interface StreamEvents {
  /** The picture moved (a new frame, or the playback time advanced). */
  progress(): void;
  /** The stream cannot go on (network, decode, 404, ended). */
  failed(reason: string): void;
}

export interface StreamHandle {
  stop(): void;
}

export type OpenStream = (events: StreamEvents) => StreamHandle;

export interface SignalOptions {
  /** Server time, for "since when". */
  now: () => number;
  stallMs: number;
  maxRetryMs: number;
  onchange: (state: SignalState) => void;
}

const FIRST_RETRY_MS = 2000;

/** The wait before attempt `failures + 1`: 2 s, 4 s, 8 s … up to `maxMs`, less up to a quarter at random. */
export function retryDelay(failures: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, FIRST_RETRY_MS * 2 ** Math.min(Math.max(0, failures - 1), 20));
  return Math.round(ceiling * (1 - 0.25 * random()));
}

export class SignalWatch {
  readonly #open: OpenStream;
  readonly #options: SignalOptions;
  #state: SignalState = { kind: 'connecting' };
  #handle: StreamHandle | null = null;
  /** Which attempt the events belong to: a late event of a closed stream is ignored. */
  #attempt = 0;
  #failures = 0;
  #stallTimer: ReturnType<typeof setTimeout> | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  constructor(open: OpenStream, options: SignalOptions) {
    this.#open = open;
    this.#options = options;
  }

  get state(): SignalState {
    return this.#state;
  }

  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#close();
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #set(state: SignalState): void {
    this.#state = state;
    this.#options.onchange(state);
  }

  #connect(): void {
    if (this.#stopped) return;
    const attempt = ++this.#attempt;
    // While lost, the tile keeps saying since when: a retry is not yet a picture.
    if (this.#state.kind !== 'lost') this.#set({ kind: 'connecting' });
    this.#armStall(attempt);
    try {
      this.#handle = this.#open({
        progress: () => attempt === this.#attempt && this.#progress(attempt),
        failed: (reason) => attempt === this.#attempt && this.#fail(reason),
      });
    } catch (error) {
      this.#fail(error instanceof Error ? error.message : String(error));
    }
  }

  #progress(attempt: number): void {
    this.#armStall(attempt);
    if (this.#state.kind === 'playing') return;
    this.#failures = 0;
    this.#set({ kind: 'playing' });
  }

  #armStall(attempt: number): void {
    if (this.#stallTimer) clearTimeout(this.#stallTimer);
    this.#stallTimer = setTimeout(() => attempt === this.#attempt && this.#fail('stalled'), this.#options.stallMs);
  }

  #fail(reason: string): void {
    if (this.#stopped) return;
    this.#attempt++; // the closed stream's late events no longer count
    this.#close();
    this.#failures++;
    const since = this.#state.kind === 'lost' ? this.#state.since : this.#options.now();
    this.#set({ kind: 'lost', since, reason });
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = null;
        this.#connect();
      },
      retryDelay(this.#failures, this.#options.maxRetryMs),
    );
  }

  #close(): void {
    if (this.#stallTimer) clearTimeout(this.#stallTimer);
    this.#stallTimer = null;
    const handle = this.#handle;
    this.#handle = null;
    try {
      handle?.stop();
    } catch {
      // A player that fails to stop must not stop the retries.
    }
  }
}
