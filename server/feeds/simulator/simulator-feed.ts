/**
 * The simulator: a feed like any other. It asks each domain's generator for plausible Lạng Sơn
 * events and posts them through the ingest service, marked simulated (screens say so).
 * On an empty store it first seeds a history, so a fresh wall is not empty.
 */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../../domains/domain';
import type { DomainRuntime } from '../../domains/runtime';
import type { IngestService } from '../../ingest/ingest-service';
import type { EventLog } from '../../store/event-log';
import { seededRandom } from './random';

const SIMULATOR_SOURCE = 'simulator';

export interface SimulatorOptions {
  rate: number;
  stepMs: number;
  seedDays: number;
  seed?: number;
  /** When the domains' surges start instead of at their seeded draws (`SimulatorTuning.surgeAt`). */
  surgeAt?: number;
}

export interface FeedStatus {
  running: boolean;
  events: number;
  lastEventAt: number | null;
  /** Events the ingest refused (a generator bug), with the last reason: shown in /health. */
  refused: number;
  lastError: string | null;
}

const SEED_BATCH = 2000;
const MAX_STEP_MS = 60_000;

export class SimulatorFeed {
  readonly #generators: SimulatorGenerator[];
  readonly #ingest: IngestService;
  readonly #store: EventLog;
  readonly #options: SimulatorOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #last = 0;
  #busy = false;
  readonly status: FeedStatus = { running: false, events: 0, lastEventAt: null, refused: 0, lastError: null };

  constructor(
    runtime: DomainRuntime,
    context: DomainContext,
    ingest: IngestService,
    store: EventLog,
    options: SimulatorOptions,
  ) {
    const random = seededRandom(options.seed ?? Date.now());
    const tuning = { surgeAt: options.surgeAt };
    this.#generators = runtime.domains.map((domain) => domain.createSimulator(context, random, tuning));
    this.#ingest = ingest;
    this.#store = store;
    this.#options = options;
    this.#now = context.now;
  }

  async start(): Promise<void> {
    if (this.#options.seedDays > 0 && !(await this.#store.hasSource(SIMULATOR_SOURCE))) {
      try {
        await this.seed();
      } catch (error) {
        // A generator bug must not keep the server from serving; live steps still run.
        // eslint-disable-next-line no-console -- the feed has no logger of its own; stderr reaches the operator
        console.error('simulator seed failed:', error instanceof Error ? error.message : error);
      }
    }
    this.#last = this.#now();
    this.status.running = true;
    this.#timer = setInterval(() => void this.step(), this.#options.stepMs);
    this.#timer.unref();
  }

  /**
   * Posts each generator's history, oldest first. Domain by domain: a batch is all or nothing, so
   * one domain's refused event must not throw away another domain's history.
   */
  async seed(): Promise<number> {
    const now = this.#now();
    let count = 0;
    for (const generator of this.#generators) {
      const events = generator.seed(now).sort((a, b) => timeOf(a, now) - timeOf(b, now));
      for (let i = 0; i < events.length; i += SEED_BATCH) await this.#post(events.slice(i, i + SEED_BATCH));
      count += events.length;
    }
    return count;
  }

  async step(): Promise<void> {
    if (this.#busy) return; // never pile up steps behind a slow store
    this.#busy = true;
    try {
      const now = this.#now();
      // Clamped: after a pause (a suspended laptop, a long GC) the city does not catch up in one burst.
      const elapsed = this.#last === 0 ? this.#options.stepMs : Math.min(Math.max(0, now - this.#last), MAX_STEP_MS);
      this.#last = now;
      // One request per domain, for the same reason as in `seed`.
      for (const generator of this.#generators) {
        const events = generator.step(now, elapsed, this.#options.rate);
        if (events.length > 0) await this.#post(events);
      }
    } finally {
      this.#busy = false;
    }
  }

  /** A refused batch is counted and logged, never thrown: a generator bug must not take the server down. */
  async #post(events: IngestEvent[]): Promise<void> {
    const marked = events.map((event) => ({ ...event, simulated: true }));
    try {
      const result = await this.#ingest.ingest(marked, {
        source: SIMULATOR_SOURCE,
        simulated: true,
        caller: { kind: 'system', name: SIMULATOR_SOURCE },
      });
      this.status.events += result.accepted;
      this.status.lastEventAt = this.#now();
    } catch (error) {
      this.status.refused += events.length;
      this.status.lastError = `${events[0]?.domain ?? '?'}: ${error instanceof Error ? error.message : String(error)}`;
      // eslint-disable-next-line no-console -- as above; the reason is also in status.lastError (/health)
      console.error('simulator events refused:', this.status.lastError);
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.status.running = false;
  }
}

function timeOf(event: IngestEvent, now: number): number {
  if (typeof event.time === 'number') return event.time;
  if (typeof event.time === 'string') return Date.parse(event.time);
  return now;
}
