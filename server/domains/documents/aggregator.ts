/**
 * Electronic documents: the incoming documents still to process (with their deadlines), and
 * running counts per local day and month, from which the wall's figures come — incoming, outgoing
 * and processed today, pending, overdue and urgent, the month's on-time processing and
 * digital-signature rates, per agency.
 *
 * Like the dossiers of public administration, each event adjusts a few counters, and the clock
 * tick scans the pending documents only when the earliest deadline among them has passed.
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { Aggregator, DomainContext, StateConflict, StoredEvent, TopicWriter } from '../domain';
import type { Breakdown, BreakdownRow, DocumentsSummary, LocalizedText } from '../../protocol/topics';
import { createOfficeCalendar } from '../office-calendar';
import { lastDays, monthsEndingWith } from '../calendar';
import {
  toMs,
  type DocumentAgency,
  type DocumentIssued,
  type DocumentProcessed,
  type DocumentReceived,
  type Urgency,
} from './schema';

const DAILY_DAYS = 30;
const DAY = 86_400_000;
/** How far ahead of the server's clock a document's times may be: the clocks of two systems differ a little. */
const MAX_AHEAD_MS = 3_600_000;
/** Finished documents are forgotten after this (their counts stay); kept only to refuse impossible events. */
const KEEP_FINISHED_MS = 60 * DAY;

export function loadDocumentAgencies(context: DomainContext): DocumentAgency[] {
  return context.fixtures.readJson<{ agencies: DocumentAgency[] }>('documents/agencies.json').agencies;
}

interface Incoming {
  id: string;
  agency: string;
  urgency: Urgency;
  receivedAt: number;
  dueAt: number | null;
  processedAt: number | null;
  /** Pending and past its deadline, as last counted. */
  overdue: boolean;
}

interface MonthCell {
  incoming: number;
  outgoing: number;
  signed: number;
  processed: number;
  /** Processed, among those with a deadline, and by it. */
  processedWithDue: number;
  processedOnTime: number;
}

const emptyMonth = (): MonthCell => ({
  incoming: 0,
  outgoing: 0,
  signed: 0,
  processed: 0,
  processedWithDue: 0,
  processedOnTime: 0,
});
const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function createDocumentsAggregator(context: DomainContext): Aggregator {
  const { timeZone } = context;
  const calendar = createOfficeCalendar(timeZone);
  const agencies = new Map(loadDocumentAgencies(context).map((agency) => [agency.code, agency]));

  const incoming = new Map<string, Incoming>();
  /** Outgoing ids with the time they were issued: only to tell an outgoing id from an unknown one. */
  const outgoing = new Map<string, number>();
  const pending = new Map<string, Incoming>();
  const days = new Map<string, { incoming: number; outgoing: number; processed: number }>();
  const months = new Map<string, MonthCell>();
  const loads = new Map<string, { pending: number; overdue: number }>(
    [...agencies.keys()].map((code) => [code, { pending: 0, overdue: 0 }]),
  );
  let overdueCount = 0;
  let urgentPending = 0;
  let nextDeadline = Infinity;
  let dirty = true;
  let currentDay = '';

  const label = (code: string): LocalizedText => agencies.get(code)?.short ?? { vi: code, en: code };
  const load = (agency: string) => {
    let entry = loads.get(agency);
    if (!entry) loads.set(agency, (entry = { pending: 0, overdue: 0 }));
    return entry;
  };
  const day = (ms: number) => {
    const key = calendar.dayKey(ms);
    let entry = days.get(key);
    if (!entry) days.set(key, (entry = { incoming: 0, outgoing: 0, processed: 0 }));
    return entry;
  };
  const month = (ms: number) => {
    const key = calendar.monthKey(ms);
    let entry = months.get(key);
    if (!entry) months.set(key, (entry = emptyMonth()));
    return entry;
  };

  function flagOverdue(document: Incoming): void {
    document.overdue = true;
    overdueCount++;
    load(document.agency).overdue++;
  }

  function receive(data: DocumentReceived): void {
    if (incoming.has(data.documentId) || outgoing.has(data.documentId)) return; // repeated: changes nothing
    const document: Incoming = {
      id: data.documentId,
      agency: data.agency,
      urgency: data.urgency,
      receivedAt: toMs(data.receivedAt),
      dueAt: data.dueAt === undefined ? null : toMs(data.dueAt),
      processedAt: null,
      overdue: false,
    };
    incoming.set(document.id, document);
    pending.set(document.id, document);
    day(document.receivedAt).incoming++;
    month(document.receivedAt).incoming++;
    load(document.agency).pending++;
    if (document.urgency !== 'thuong') urgentPending++;
    if (document.dueAt !== null) {
      if (context.now() > document.dueAt) flagOverdue(document);
      else nextDeadline = Math.min(nextDeadline, document.dueAt);
    }
    dirty = true;
  }

  function issue(data: DocumentIssued): void {
    if (incoming.has(data.documentId) || outgoing.has(data.documentId)) return;
    const issuedAt = toMs(data.issuedAt);
    outgoing.set(data.documentId, issuedAt);
    day(issuedAt).outgoing++;
    const cell = month(issuedAt);
    cell.outgoing++;
    if (data.signed) cell.signed++;
    dirty = true;
  }

  function process(data: DocumentProcessed): void {
    const document = pending.get(data.documentId);
    if (!document) return; // unknown, outgoing or processed already: stored, counts unchanged
    const processedAt = toMs(data.processedAt);
    pending.delete(document.id);
    document.processedAt = processedAt;
    const agencyLoad = load(document.agency);
    agencyLoad.pending--;
    if (document.urgency !== 'thuong') urgentPending--;
    if (document.overdue) {
      document.overdue = false;
      overdueCount--;
      agencyLoad.overdue--;
    }
    day(processedAt).processed++;
    const cell = month(processedAt);
    cell.processed++;
    if (document.dueAt !== null) {
      cell.processedWithDue++;
      if (processedAt <= document.dueAt) cell.processedOnTime++;
    }
    dirty = true;
  }

  function flagDeadlines(now: number): void {
    if (now <= nextDeadline) return;
    nextDeadline = Infinity;
    for (const document of pending.values()) {
      if (document.overdue || document.dueAt === null) continue;
      if (now > document.dueAt) flagOverdue(document);
      else if (document.dueAt < nextDeadline) nextDeadline = document.dueAt;
    }
    dirty = true;
  }

  function prune(now: number): void {
    const oldestDay = lastDays(now, DAILY_DAYS + 2, timeZone)[0]!;
    for (const key of days.keys()) if (key < oldestDay) days.delete(key);
    const lastMonth = monthsEndingWith(calendar.monthKey(now), 2)[0]!;
    for (const key of months.keys()) if (key < lastMonth) months.delete(key);
    const forgetBefore = now - KEEP_FINISHED_MS;
    for (const [id, document] of incoming)
      if (document.processedAt !== null && document.processedAt < forgetBefore) incoming.delete(id);
    for (const [id, issuedAt] of outgoing) if (issuedAt < forgetBefore) outgoing.delete(id);
  }

  let axis = { day: '', days: [] as string[] };
  function summary(now: number): DocumentsSummary {
    const key = calendar.dayKey(now);
    if (axis.day !== key) axis = { day: key, days: lastDays(now, DAILY_DAYS, timeZone) };
    const today = days.get(key) ?? { incoming: 0, outgoing: 0, processed: 0 };
    const cell = months.get(calendar.monthKey(now)) ?? emptyMonth();
    const rows = (
      value: (entry: { pending: number; overdue: number }) => number,
      detail: (entry: { pending: number; overdue: number }) => number,
    ): BreakdownRow[] =>
      [...loads]
        .filter(([code, entry]) => agencies.has(code) || entry.pending > 0)
        .map(([code, entry]) => ({ key: code, label: label(code), value: value(entry), detail: detail(entry) }));
    const byAgency: Breakdown = {
      unit: { vi: 'văn bản quá hạn', en: 'overdue documents' },
      format: 'number',
      higherIsBetter: false,
      detailUnit: { vi: 'văn bản chờ xử lý', en: 'documents pending' },
      rows: rows(
        (e) => e.overdue,
        (e) => e.pending,
      ),
    };
    const pendingByAgency: Breakdown = {
      unit: { vi: 'văn bản chờ xử lý', en: 'documents pending' },
      format: 'number',
      higherIsBetter: false,
      detailUnit: { vi: 'văn bản quá hạn', en: 'overdue documents' },
      rows: rows(
        (e) => e.pending,
        (e) => e.overdue,
      ),
    };
    const line = (name: 'incoming' | 'outgoing' | 'processed', text: LocalizedText) => ({
      key: name,
      label: text,
      values: axis.days.map((date) => days.get(date)?.[name] ?? 0),
    });
    return {
      incomingToday: today.incoming,
      outgoingToday: today.outgoing,
      processedToday: today.processed,
      pending: pending.size,
      overdue: overdueCount,
      urgentPending,
      incomingMonth: cell.incoming,
      outgoingMonth: cell.outgoing,
      processedMonth: cell.processed,
      processedOnTimeRateMonth: share(cell.processedOnTime, cell.processedWithDue),
      signedShareMonth: share(cell.signed, cell.outgoing),
      byAgency,
      pendingByAgency,
      daily: {
        unit: { vi: 'văn bản', en: 'documents' },
        format: 'number',
        xKind: 'day',
        x: axis.days,
        lines: [
          line('incoming', { vi: 'Văn bản đến', en: 'Incoming' }),
          line('outgoing', { vi: 'Văn bản đi', en: 'Outgoing' }),
          line('processed', { vi: 'Đã xử lý', en: 'Processed' }),
        ],
      },
    };
  }

  function publish(now: number, out: TopicWriter): void {
    dirty = false;
    out.set('documents.summary', summary(now));
  }

  function check(events: ReadonlyArray<{ kind: string; data: unknown }>): StateConflict | null {
    const now = context.now();
    /** The documents as they will be once the earlier events of this request apply. */
    const planned = new Map<string, { direction: 'incoming' | 'outgoing'; receivedAt: number; processed: boolean }>();
    const stateOf = (id: string) => {
      const known = planned.get(id);
      if (known) return known;
      const document = incoming.get(id);
      if (document)
        return {
          direction: 'incoming' as const,
          receivedAt: document.receivedAt,
          processed: document.processedAt !== null,
        };
      return outgoing.has(id) ? { direction: 'outgoing' as const, receivedAt: 0, processed: false } : undefined;
    };
    const future = (index: number, field: string): StateConflict => ({
      index,
      field,
      en: 'is in the future',
      vi: 'là thời điểm trong tương lai',
    });
    for (let index = 0; index < events.length; index++) {
      const { kind, data } = events[index]!;
      if (kind === 'documents.received') {
        const document = data as DocumentReceived;
        const receivedAt = toMs(document.receivedAt);
        if (receivedAt > now + MAX_AHEAD_MS) return future(index, 'receivedAt');
        if (document.dueAt !== undefined && toMs(document.dueAt) <= receivedAt) {
          return {
            index,
            field: 'dueAt',
            en: 'must be later than receivedAt',
            vi: 'phải sau thời điểm nhận (receivedAt)',
          };
        }
        const state = stateOf(document.documentId);
        if (state?.direction === 'outgoing') {
          return {
            index,
            field: 'documentId',
            en: `${document.documentId} is an outgoing document`,
            vi: `${document.documentId} là văn bản đi`,
          };
        }
        if (!state) planned.set(document.documentId, { direction: 'incoming', receivedAt, processed: false });
      } else if (kind === 'documents.issued') {
        const document = data as DocumentIssued;
        if (toMs(document.issuedAt) > now + MAX_AHEAD_MS) return future(index, 'issuedAt');
        const state = stateOf(document.documentId);
        if (state?.direction === 'incoming') {
          return {
            index,
            field: 'documentId',
            en: `${document.documentId} is an incoming document`,
            vi: `${document.documentId} là văn bản đến`,
          };
        }
        if (!state) planned.set(document.documentId, { direction: 'outgoing', receivedAt: 0, processed: false });
      } else if (kind === 'documents.processed') {
        const { documentId, processedAt } = data as DocumentProcessed;
        const state = stateOf(documentId);
        if (!state)
          return {
            index,
            field: 'documentId',
            en: `no incoming document ${documentId}`,
            vi: `không có văn bản đến ${documentId}`,
          };
        if (state.direction === 'outgoing') {
          return {
            index,
            field: 'documentId',
            en: `${documentId} is an outgoing document: only incoming ones are processed`,
            vi: `${documentId} là văn bản đi: chỉ văn bản đến mới được xử lý`,
          };
        }
        if (state.processed)
          return {
            index,
            field: 'documentId',
            en: `document ${documentId} is processed already`,
            vi: `văn bản ${documentId} đã được xử lý rồi`,
          };
        const at = toMs(processedAt);
        if (at < state.receivedAt)
          return {
            index,
            field: 'processedAt',
            en: 'is before the document was received',
            vi: 'trước thời điểm nhận văn bản',
          };
        if (at > now + MAX_AHEAD_MS) return future(index, 'processedAt');
        planned.set(documentId, { ...state, processed: true });
      }
    }
    return null;
  }

  const snapshot = closureSnapshot(
    1,
    () => ({
      incoming,
      outgoing,
      pending,
      days,
      months,
      loads,
      overdueCount,
      urgentPending,
      nextDeadline,
      dirty,
      currentDay,
      axis,
    }),
    (state) => {
      refill(incoming, state.incoming);
      refill(outgoing, state.outgoing);
      refill(pending, state.pending);
      refill(days, state.days);
      refill(months, state.months);
      refill(loads, state.loads);
      ({ overdueCount, urgentPending, nextDeadline, dirty, currentDay, axis } = state);
    },
  );

  return {
    snapshot,
    check,
    apply(event: StoredEvent) {
      if (event.kind === 'documents.received') receive(event.data as DocumentReceived);
      else if (event.kind === 'documents.issued') issue(event.data as DocumentIssued);
      else if (event.kind === 'documents.processed') process(event.data as DocumentProcessed);
    },
    flush(out) {
      if (dirty) publish(context.now(), out);
    },
    tick(now, out) {
      flagDeadlines(now);
      const today = calendar.dayKey(now);
      if (today !== currentDay) {
        currentDay = today;
        prune(now);
      }
      // Always: "today", the month and the 30 days move at local midnight without any event.
      publish(now, out);
    },
  };
}
