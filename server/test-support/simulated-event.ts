/** A simulator's event as the store would hold it, for tests that apply a generated log without ingest. */
import type { IngestEvent, StoredEvent } from '../domains/domain';
import type { SqliteDatabase } from '../store/database';
import type { NewEvent } from '../store/event-store';

export const storedForm = (event: IngestEvent): NewEvent => ({
  domain: event.domain,
  kind: event.kind,
  time: event.time as number,
  source: event.source ?? 'simulator',
  simulated: event.simulated ?? true,
  idempotencyKey: event.id ?? null,
  data: event.data,
});

/**
 * Stores simulator events straight into a SQLite data folder's `events` table, as ingest would
 * have (accepted at `receivedAt`), and returns them as stored: the replay benches generate
 * histories far faster than through HTTP. Call inside the caller's transaction.
 */
export function simulatedEventWriter(db: SqliteDatabase): (batch: IngestEvent[], receivedAt: number) => StoredEvent[] {
  const insert = db.prepare<[string, string, number, number, string, string | null, string], { seq: number }>(
    `INSERT INTO events (domain, kind, time, received_at, source, simulated, idempotency_key, payload)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING seq`,
  );
  return (batch, receivedAt) =>
    batch.map((event) => {
      const time = typeof event.time === 'number' ? event.time : receivedAt;
      const source = event.source ?? 'simulator';
      const row = insert.get(
        event.domain,
        event.kind,
        time,
        receivedAt,
        source,
        event.id ?? null,
        JSON.stringify(event.data),
      )!;
      return {
        seq: row.seq,
        domain: event.domain,
        kind: event.kind,
        time,
        source,
        simulated: true,
        idempotencyKey: event.id ?? null,
        data: event.data,
      };
    });
}
