/**
 * The one ingest path: every feed (HTTP, the simulator, later MQTT and Open311) hands its events
 * here. Validate every event of the request first (envelope already checked by the route's
 * schema or `checkEnvelope`), then store them in one all-or-nothing append, then apply them to
 * the aggregators. Nothing reaches a topic before it is stored.
 */
import { Compile, type Validator } from 'typebox/compile';
import type { TSchema } from 'typebox';
import type { Domain, EventGuard, IngestEvent, StoredEvent } from '../domains/domain';
import { can, type Identity } from '../access/identity';
import type { Permission } from '../access/roles';
import type { DomainRuntime } from '../domains/runtime';
import type { NewEvent } from '../store/event-store';
import type { EventLog } from '../store/event-log';
import { InputError } from './ingest-error';
import { schemaInputError } from './schema-error';
import { EVENT_TIME_MAX_AHEAD_MS, EVENT_TIME_MIN, ingestEventSchema } from './ingest-schema';

export interface IngestResult {
  accepted: number;
  duplicates: number;
  stored: StoredEvent[];
}

/**
 * Who hands the events in: a signed-in person, a feed key, or the server's own simulator. It
 * decides what the events may say (a feed key may not approve a report: see `Domain.guard`).
 */
export type IngestCaller = Identity | { kind: 'system'; name: string };

export interface IngestOptions {
  /** Source to record when an event names none (the feed's name). */
  source: string;
  /** Whether the feed may mark its events simulated (only the simulator does by default). */
  simulated?: boolean;
  /** Absent: a caller with no permission at all, so guarded events are refused. */
  caller?: IngestCaller;
  /** The events are one act: stored all, or none when any was stored before (`AppendOptions.once`). */
  once?: boolean;
}

function callerMay(caller: IngestCaller | undefined, permission: Permission): boolean {
  if (!caller) return false;
  // The simulator's demo lifecycle includes approvals; it is configured, not reachable from outside.
  if (caller.kind === 'system') return true;
  return can(caller, permission);
}

/** Told of each request's outcome, for the metrics: which source, how many stored, or refused. */
export interface IngestObserver {
  /**
   * Called once stored, before the state applies (an alert goes out while it applies): `startedAt`
   * is `performance.now()` when the request came in.
   */
  stored(source: string, stored: number, startedAt: number): void;
  refused(source: string): void;
}

type CompiledSchema = Validator<Record<PropertyKey, TSchema>, TSchema>;

export class IngestService {
  readonly #store: EventLog;
  readonly #runtime: DomainRuntime;
  readonly #dataSchemas = new Map<string, Map<string, CompiledSchema>>();
  readonly #guards = new Map<string, (kind: string, data: unknown) => EventGuard | null>();
  readonly #unique = new Map<string, Readonly<Record<string, string>>>();
  readonly #envelope: CompiledSchema;
  readonly #now: () => number;
  /** The metrics' observer (one; null: nobody counts). */
  observer: IngestObserver | null = null;

  constructor(store: EventLog, runtime: DomainRuntime, now: () => number = Date.now) {
    this.#store = store;
    this.#runtime = runtime;
    this.#now = now;
    for (const domain of runtime.domains) {
      this.#dataSchemas.set(domain.name, compileKinds(domain));
      if (domain.guard) this.#guards.set(domain.name, domain.guard);
      if (domain.unique) this.#unique.set(domain.name, domain.unique);
    }
    this.#envelope = Compile(ingestEventSchema(runtime.domains.map((domain) => domain.name)));
  }

  /** Known kinds per domain, for error messages and the API description. */
  kinds(): Record<string, string[]> {
    return Object.fromEntries([...this.#dataSchemas].map(([domain, kinds]) => [domain, [...kinds.keys()]]));
  }

  /** Validates a whole request; throws an `InputError` naming the first bad field. */
  validate(events: readonly IngestEvent[], options: IngestOptions, checkEnvelope = true): NewEvent[] {
    const now = this.#now();
    return events.map((event, index) => {
      const at = `events[${index}]`;
      if (checkEnvelope && !this.#envelope.Check(event)) throw schemaError(at, this.#envelope, event);
      const kinds = this.#dataSchemas.get(event.domain)!;
      const schema = kinds.get(event.kind);
      if (!schema) {
        throw new InputError({
          field: `${at}.kind`,
          en: `unknown kind "${event.kind}" for domain "${event.domain}" (known: ${[...kinds.keys()].join(', ')})`,
          vi: `loại sự kiện "${event.kind}" không có trong lĩnh vực "${event.domain}" (có: ${[...kinds.keys()].join(', ')})`,
        });
      }
      if (!schema.Check(event.data)) throw schemaError(`${at}.data`, schema, event.data);
      const guard = this.#guards.get(event.domain)?.(event.kind, event.data);
      if (guard && !callerMay(options.caller, guard.permission)) {
        throw new InputError({ field: `${at}.${guard.field}`, en: guard.en, vi: guard.vi, statusCode: 403 });
      }
      const unsafe = unsafeText(event.data, `${at}.data`);
      if (unsafe) {
        throw new InputError({
          field: unsafe,
          en: 'contains control or text-direction characters (NUL, U+202E …)',
          vi: 'chứa ký tự điều khiển hoặc ký tự đảo chiều văn bản',
        });
      }
      return {
        domain: event.domain,
        kind: event.kind,
        time: eventTime(event.time, now, `${at}.time`),
        // The authenticated feed is the source; what the event says of itself is kept beside it.
        source: event.source ? `${options.source}/${event.source}` : options.source,
        simulated: options.simulated === true && event.simulated !== false,
        idempotencyKey: event.id ?? null,
        data: event.data,
      };
    });
  }

  /**
   * Asks each domain whether its events can apply to the current state (e.g. a lifecycle move),
   * skipping retries of events already stored: those are acknowledged as duplicates instead.
   */
  async checkState(prepared: readonly NewEvent[]): Promise<void> {
    const keys = prepared.map((event) => event.idempotencyKey).filter((key): key is string => key !== null);
    const known = keys.length > 0 ? await this.#store.knownKeys(keys) : new Set<string>();
    const byDomain = new Map<string, Array<{ index: number; kind: string; data: unknown }>>();
    prepared.forEach((event, index) => {
      if (event.idempotencyKey !== null && known.has(event.idempotencyKey)) return;
      let list = byDomain.get(event.domain);
      if (!list) byDomain.set(event.domain, (list = []));
      list.push({ index, kind: event.kind, data: event.data });
    });
    await this.#checkUnique(prepared, known);
    for (const [domain, list] of byDomain) {
      const conflict = this.#runtime.aggregator(domain)?.check?.(list);
      if (!conflict) continue;
      const at = `events[${list[conflict.index]!.index}].data.${conflict.field}`;
      throw new InputError({ field: at, en: conflict.en, vi: conflict.vi, statusCode: 409 });
    }
  }

  /** A second creation of the same thing (`Domain.unique`), in this request or stored before, is refused. */
  async #checkUnique(prepared: readonly NewEvent[], retries: ReadonlySet<string>): Promise<void> {
    const seen = new Set<string>();
    for (const [index, event] of prepared.entries()) {
      const field = this.#unique.get(event.domain)?.[event.kind];
      if (!field || (event.idempotencyKey !== null && retries.has(event.idempotencyKey))) continue;
      const value = (event.data as Record<string, unknown>)[field];
      if (typeof value !== 'string') continue;
      const key = `${event.domain}\u0000${event.kind}\u0000${value}`;
      if (seen.has(key) || (await this.#store.findFirst(event.domain, event.kind, field, value))) {
        throw new InputError({
          field: `events[${index}].data.${field}`,
          en: `${field} "${value}" is taken: there is one ${event.kind} per ${field} (a retry of the same event sends the same id)`,
          vi: `${field} "${value}" đã có: mỗi ${field} chỉ có một ${event.kind} (gửi lại cùng một sự kiện thì dùng cùng một id)`,
          statusCode: 409,
        });
      }
      seen.add(key);
    }
  }

  /** Validates, stores (all or nothing) and applies one request's events. */
  async ingest(events: readonly IngestEvent[], options: IngestOptions, checkEnvelope = true): Promise<IngestResult> {
    const startedAt = performance.now();
    try {
      const prepared = this.validate(events, options, checkEnvelope);
      await this.checkState(prepared);
      const { stored, duplicates } = await this.#store.append(prepared, { once: options.once });
      this.observer?.stored(options.source, stored.length, startedAt);
      // The answer after the read models include these events: the caller reads what it did.
      await this.#runtime.apply(stored);
      return { accepted: stored.length, duplicates, stored };
    } catch (error) {
      this.observer?.refused(options.source);
      throw error;
    }
  }
}

function compileKinds(domain: Domain): Map<string, CompiledSchema> {
  return new Map(Object.entries(domain.events).map(([kind, schema]) => [kind, Compile(schema) as CompiledSchema]));
}

function schemaError(at: string, schema: CompiledSchema, value: unknown): InputError {
  return schemaInputError(at, schema.Errors(value), schema.Type());
}

/**
 * Control characters and bidi overrides have no place in a report or an announcement: they hide
 * or reverse text on a public screen. (Combining marks, which Vietnamese needs, are fine.)
 */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
const UNSAFE_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

function unsafeText(value: unknown, path: string): string | null {
  if (typeof value === 'string') return UNSAFE_TEXT.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unsafeText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = unsafeText(child, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

function eventTime(time: string | number | undefined, now: number, field: string): number {
  if (time === undefined) return now;
  const ms = typeof time === 'number' ? Math.round(time) : Date.parse(time);
  if (!Number.isFinite(ms) || ms < EVENT_TIME_MIN || ms > now + EVENT_TIME_MAX_AHEAD_MS) {
    throw new InputError({
      field,
      en: 'must be a date between 2000-01-01 and one day from now',
      vi: 'phải là thời điểm từ 01/01/2000 đến không quá một ngày sau hiện tại',
    });
  }
  return ms;
}
