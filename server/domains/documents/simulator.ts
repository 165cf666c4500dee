/**
 * Simulated document flow of the city's units, about 90 incoming and 45 outgoing documents a
 * working day. Incoming ones arrive in office hours (a few at night through the national document
 * exchange), about half with a handling deadline set by their urgency, and are processed in office
 * hours — mostly by the deadline, some late, a few stuck for weeks. Outgoing ones are issued in
 * office hours, nearly all digitally signed. The seed is 32 days, so the 30-day series is full on
 * a fresh wall.
 */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';
import { createOfficeCalendar } from '../office-calendar';
import { loadDocumentAgencies } from './aggregator';
import type { KindMix, Urgency } from './schema';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SEED_DAYS = 32;

/** Share of each unit's documents with a deadline processed late (plausible, not measured). */
const LATE_SHARE: Record<string, number> = {
  'tn-mt': 0.2,
  qldt: 0.15,
  'tc-kh': 0.1,
  'ld-tbxh': 0.12,
  'thanh-tra': 0.12,
  'ubnd-05983': 0.12,
  'ubnd-05986': 0.1,
};
const DEFAULT_LATE_SHARE = 0.07;
const URGENCY_MIX: Array<[Urgency, number]> = [
  ['thuong', 0.85],
  ['khan', 0.1],
  ['thuong-khan', 0.03],
  ['hoa-toc', 0.02],
];
/** Working days allowed to handle a document, by urgency (0: the same day). */
const WORKING_DAYS: Record<Urgency, number[]> = {
  thuong: [3, 5, 5, 7, 10, 15],
  khan: [1, 2],
  'thuong-khan': [1],
  'hoa-toc': [0],
};

export function createDocumentsSimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const calendar = createOfficeCalendar(context.timeZone);
  const agencies = loadDocumentAgencies(context);
  const kinds = context.fixtures.readJson<{ kinds: KindMix[] }>('documents/kinds.json').kinds;
  const incomingKinds = kinds.filter((k) => k.incoming > 0);
  const outgoingKinds = kinds.filter((k) => k.outgoing > 0);
  const run = Math.floor(random() * 36 ** 6).toString(36);
  const scheduled: IngestEvent[] = [];
  let unsorted = false;
  let count = 0;
  let untilIncoming = 15 * SECOND;
  let untilOutgoing = 40 * SECOND;

  const between = (min: number, max: number) => min + random() * (max - min);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  function weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let roll = random() * total;
    for (const item of items) if ((roll -= weight(item)) < 0) return item;
    return items[items.length - 1]!;
  }
  /** A gap in office hours, or out of them one that ends by the next opening (plus an office-hours gap). */
  const gap = (at: number, office: number, closed: number) =>
    calendar.isOfficeHours(at) ? office : Math.min(closed, calendar.nextOpening(at) - at + office);
  /** Every 3–7 minutes in office hours; now and then at night through the national exchange. */
  const incomingGap = (at: number) => gap(at, between(3, 7) * MINUTE, between(2, 4) * HOUR);
  /** Every 6–14 minutes, issued in office hours only. */
  const outgoingGap = (at: number) => gap(at, between(6, 14) * MINUTE, Infinity);

  const event = (kind: string, id: string, time: number, data: Record<string, unknown>): IngestEvent => ({
    domain: 'documents',
    kind,
    id,
    time,
    source: 'simulator',
    simulated: true,
    data,
  });

  function received(id: string, receivedAt: number): IngestEvent[] {
    const agency = weighted(agencies, (a) => a.weight).code;
    const mix = weighted(incomingKinds, (k) => k.incoming);
    const urgency = weighted(URGENCY_MIX, ([, share]) => share)[0];
    const hasDeadline = urgency !== 'thuong' || random() < mix.dueShare;
    const dueAt = hasDeadline ? calendar.deadline(receivedAt, pick(WORKING_DAYS[urgency])) : undefined;
    const events = [
      event('documents.received', `${id}-received`, receivedAt, {
        documentId: id,
        agency,
        kind: mix.kind,
        urgency,
        receivedAt,
        ...(dueAt === undefined ? {} : { dueAt }),
      }),
    ];
    let processedAt: number;
    if (dueAt === undefined) {
      processedAt =
        calendar.officeTimeBetween(receivedAt, calendar.deadline(receivedAt, 3), random()) ?? receivedAt + DAY;
    } else if (random() < (LATE_SHARE[agency] ?? DEFAULT_LATE_SHARE)) {
      // Mostly a few working days late; one in eight is stuck for weeks.
      const lateDays = random() < 0.125 ? Math.round(between(8, 20)) : Math.ceil(between(0.01, 5));
      processedAt =
        calendar.officeTimeBetween(dueAt + MINUTE, calendar.deadline(dueAt, lateDays), random()) ?? dueAt + DAY;
    } else {
      processedAt = calendar.officeTimeBetween(receivedAt, dueAt, between(0.1, 1)) ?? dueAt;
    }
    events.push(event('documents.processed', `${id}-processed`, processedAt, { documentId: id, processedAt }));
    return events;
  }

  function issued(id: string, issuedAt: number): IngestEvent {
    const agency = weighted(agencies, (a) => a.weight).code;
    const mix = weighted(outgoingKinds, (k) => k.outgoing);
    // The wards and communes still sign a few on paper.
    const signed = random() < (agency.startsWith('ubnd-') ? 0.9 : 0.97);
    return event('documents.issued', `${id}-issued`, issuedAt, {
      documentId: id,
      agency,
      kind: mix.kind,
      urgency: weighted(URGENCY_MIX, ([, share]) => share)[0],
      issuedAt,
      signed,
    });
  }

  function split(events: IngestEvent[], now: number): IngestEvent[] {
    for (const later of events) {
      if ((later.time as number) <= now) continue;
      scheduled.push(later);
      unsorted = true;
    }
    return events.filter((e) => (e.time as number) <= now);
  }

  return {
    seed(now) {
      const events: IngestEvent[] = [];
      const start = now - SEED_DAYS * DAY;
      let index = 0;
      for (let at = start + incomingGap(start); at < now; at += incomingGap(at)) {
        events.push(...split(received(`sim-doc-seed-${++index}`, Math.round(at)), now));
      }
      for (let at = start + outgoingGap(start); at < now; at += outgoingGap(at)) {
        if (calendar.isOfficeHours(at)) events.push(issued(`sim-doc-seed-${++index}`, Math.round(at)));
      }
      return events;
    },
    step(now, elapsedMs, rate) {
      const events: IngestEvent[] = [];
      untilIncoming -= elapsedMs * rate;
      while (untilIncoming <= 0) {
        untilIncoming += incomingGap(now);
        events.push(...split(received(`sim-doc-${run}-${++count}`, now), now));
      }
      untilOutgoing -= elapsedMs * rate;
      while (untilOutgoing <= 0) {
        untilOutgoing += outgoingGap(now);
        if (calendar.isOfficeHours(now)) events.push(issued(`sim-doc-${run}-${++count}`, now));
      }
      if (unsorted) {
        scheduled.sort((a, b) => (a.time as number) - (b.time as number));
        unsorted = false;
      }
      // At a higher rate the units also work faster: processing comes due sooner.
      const horizon = Math.max(now, now + (rate - 1) * elapsedMs * 60);
      let dueCount = 0;
      while (dueCount < scheduled.length && (scheduled[dueCount]!.time as number) <= horizon) dueCount++;
      for (const due of scheduled.splice(0, dueCount)) {
        events.push((due.time as number) <= now ? due : { ...due, time: now, data: { ...due.data, processedAt: now } });
      }
      return events;
    },
  };
}
