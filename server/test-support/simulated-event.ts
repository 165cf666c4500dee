/** A simulator's event as the store would hold it, for tests that apply a generated log without ingest. */
import type { IngestEvent } from '../domains/domain';
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
