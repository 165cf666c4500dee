/**
 * Simulated one-stop offices of Lạng Sơn city: dossiers of the city's common procedures arrive at
 * the counters in office hours (online ones at any hour), about 130 a working day, get the deadline
 * their procedure allows in working days, and are resolved in office hours — most before the
 * deadline, a few late, depending on the agency (land and building permits run late more often
 * than civil status). About 2 % are withdrawn or returned. The seed is 32 days of dossiers plus
 * the monthly reports of the 11 closed months before the current one, so the 30-day and 12-month
 * series are full on a fresh wall.
 */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';
import { createOfficeCalendar } from '../office-calendar';
import { monthsEndingWith } from '../calendar';
import { loadAgencies, loadProcedures, MONTHS } from './aggregator';
import type { Procedure, ReturnReason } from './schema';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SEED_DAYS = 32;

/** Share of each agency's dossiers resolved after the deadline (plausible, not measured). */
const LATE_SHARE: Record<string, number> = {
  'vp-hdnd-ubnd': 0.03,
  'tc-kh': 0.02,
  qldt: 0.09,
  'tn-mt': 0.15,
  'vh-tt': 0.04,
  'ld-tbxh': 0.06,
  'tu-phap': 0.03,
  'noi-vu': 0.05,
  'cong-an': 0.015,
  'ubnd-05986': 0.04,
  'ubnd-05983': 0.045,
  'ubnd-06187': 0.03,
  'ubnd-05977': 0.035,
};
/** Urban wards see more dossiers than the rural communes. */
const WARD_WEIGHT: Record<string, number> = { ward: 3, commune: 1 };

export function createAdminSimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const calendar = createOfficeCalendar(context.timeZone);
  const procedures = loadProcedures(context);
  const wardAgency = new Map(
    loadAgencies(context)
      .filter((agency) => agency.ward)
      .map((agency) => [agency.ward!, agency.code]),
  );
  const wards = context.fixtures.wards;
  const run = Math.floor(random() * 36 ** 6).toString(36);
  /** Results not yet due. */
  const scheduled: IngestEvent[] = [];
  /** Sorted once per step, not once per dossier: the seed schedules thousands. */
  let unsorted = false;
  let count = 0;
  let untilNext = 20 * SECOND;

  const between = (min: number, max: number) => min + random() * (max - min);
  function weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let roll = random() * total;
    for (const item of items) if ((roll -= weight(item)) < 0) return item;
    return items[items.length - 1]!;
  }
  /** Time to the next dossier: every 2.5–5.5 minutes at the counters, every 20–60 minutes online out of hours. */
  const gap = (at: number) => {
    const counter = between(150, 330) * SECOND;
    return calendar.isOfficeHours(at)
      ? counter
      : Math.min(between(20, 60) * MINUTE, calendar.nextOpening(at) - at + counter);
  };

  const event = (kind: string, id: string, time: number, data: Record<string, unknown>): IngestEvent => ({
    domain: 'admin',
    kind,
    id,
    time,
    source: 'simulator',
    simulated: true,
    data,
  });

  /** A dossier and its result, each event at its own time. */
  function dossier(id: string, receivedAt: number): IngestEvent[] {
    const procedure: Procedure = weighted(procedures, (p) => p.weight);
    const ward = weighted(wards, (w) => WARD_WEIGHT[w.kind] ?? 1);
    const agency = procedure.agency === 'ward' ? wardAgency.get(ward.code)! : procedure.agency;
    // Applicants of city-level procedures sometimes live outside the city.
    const wardCode = procedure.agency !== 'ward' && random() < 0.04 ? undefined : ward.code;
    const roll = random();
    const channel =
      !calendar.isOfficeHours(receivedAt) || roll < (procedure.online === 'full' ? 0.55 : 0.3)
        ? 'online'
        : roll > 0.98
          ? 'postal'
          : 'direct';
    const paidOnline = procedure.feeVnd > 0 && random() < (channel === 'online' ? 0.8 : 0.15);
    const dueAt = calendar.deadline(receivedAt, procedure.workingDays);
    const events = [
      event('admin.dossier-received', `${id}-received`, receivedAt, {
        dossierId: id,
        procedure: procedure.code,
        agency,
        ...(wardCode ? { ward: wardCode } : {}),
        level: procedure.online,
        channel,
        feeVnd: procedure.feeVnd,
        paidOnline,
        receivedAt,
        dueAt,
      }),
    ];
    if (random() < 0.02) {
      const reason: ReturnReason = random() < 0.6 ? 'withdrawn' : 'ineligible';
      const returnedAt = calendar.officeTimeBetween(receivedAt, dueAt, random()) ?? dueAt;
      events.push(event('admin.dossier-returned', `${id}-returned`, returnedAt, { dossierId: id, returnedAt, reason }));
      return events;
    }
    const late = random() < (LATE_SHARE[agency] ?? 0.03);
    // A late dossier is mostly a few working days late; one in ten is stuck for weeks.
    const lateDays = random() < 0.1 ? Math.round(between(8, 25)) : Math.ceil(between(0.01, 6));
    const resolvedAt = late
      ? (calendar.officeTimeBetween(dueAt + MINUTE, calendar.deadline(dueAt, lateDays), random()) ?? dueAt + DAY)
      : (calendar.officeTimeBetween(receivedAt, dueAt, between(0.15, 1)) ?? dueAt);
    events.push(event('admin.dossier-resolved', `${id}-resolved`, resolvedAt, { dossierId: id, resolvedAt }));
    return events;
  }

  /** Splits a dossier's events into what has happened by `now` and what is still to come. */
  function split(events: IngestEvent[], now: number): IngestEvent[] {
    for (const later of events) {
      if ((later.time as number) <= now) continue;
      scheduled.push(later);
      unsorted = true;
    }
    return events.filter((e) => (e.time as number) <= now);
  }

  /** The monthly reports of the closed months before the current one, filed on the next month's first working day. */
  function monthReports(now: number): IngestEvent[] {
    const current = calendar.monthKey(now);
    const closed = monthsEndingWith(current, MONTHS).slice(0, -1);
    const events: IngestEvent[] = [];
    closed.forEach((month, index) => {
      const [year, monthNumber] = month.split('-').map(Number) as [number, number];
      const nextMonthStart = calendar.startOfDay(Date.UTC(year, monthNumber, 1, 12));
      const filedAt =
        (calendar.isWorkingDay(nextMonthStart + 12 * HOUR) ? nextMonthStart : calendar.nextWorkingDay(nextMonthStart)) +
        8 * HOUR;
      if (filedAt > now) return;
      // Fewer dossiers in the month of Tết; a rising share submitted online over the year.
      const season = monthNumber === 1 || monthNumber === 2 ? 0.8 : 1;
      const received = Math.round(2_900 * season * between(0.92, 1.08));
      const onlineShare = 0.4 + (0.12 * index) / closed.length + between(-0.02, 0.02);
      const resolved = Math.round(received * between(0.96, 1.03));
      events.push(
        event('admin.month-report', `sim-adm-month-${month}`, filedAt, {
          month,
          received,
          receivedOnline: Math.round(received * onlineShare),
          resolved,
          resolvedOnTime: Math.round(resolved * between(0.935, 0.985)),
        }),
      );
    });
    return events;
  }

  return {
    seed(now) {
      const events = monthReports(now);
      let index = 0;
      for (let at = now - SEED_DAYS * DAY + gap(now - SEED_DAYS * DAY); at < now; at += gap(at)) {
        events.push(...split(dossier(`sim-adm-seed-${++index}`, Math.round(at)), now));
      }
      return events;
    },
    step(now, elapsedMs, rate) {
      const events: IngestEvent[] = [];
      untilNext -= elapsedMs * rate;
      while (untilNext <= 0) {
        untilNext += gap(now);
        events.push(...split(dossier(`sim-adm-${run}-${++count}`, now), now));
      }
      if (unsorted) {
        scheduled.sort((a, b) => (a.time as number) - (b.time as number));
        unsorted = false;
      }
      // At a higher rate the offices also work faster: results come due sooner.
      const horizon = Math.max(now, now + (rate - 1) * elapsedMs * 60);
      let dueCount = 0;
      while (dueCount < scheduled.length && (scheduled[dueCount]!.time as number) <= horizon) dueCount++;
      for (const due of scheduled.splice(0, dueCount)) {
        if ((due.time as number) <= now) {
          events.push(due);
        } else {
          const field = due.kind === 'admin.dossier-resolved' ? 'resolvedAt' : 'returnedAt';
          events.push({ ...due, time: now, data: { ...due.data, [field]: now } });
        }
      }
      return events;
    },
  };
}
