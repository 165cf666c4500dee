/**
 * Public administration: the state of every dossier still being handled, and running counts per
 * local day, per month, and per agency and ward for the month, from which the wall's figures come —
 * received and resolved today, pending, overdue, the month's on-time, online and online-payment
 * rates — plus the public aggregates (small cells hidden) and the list of the most overdue dossiers.
 *
 * Each event adjusts a few counters, so a summary costs O(agencies + wards + days), never
 * O(dossiers). Overdue flags flip without any event; the clock tick scans the pending dossiers only
 * when the earliest deadline among them has passed (deadlines cluster at closing time, so that is
 * about once a working day).
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { Aggregator, DomainContext, StateConflict, StoredEvent, TopicWriter } from '../domain';
import type {
  AdminPublicSummary,
  AdminSummary,
  Breakdown,
  BreakdownRow,
  ListItem,
  LocalizedText,
  Series,
} from '../../protocol/topics';
import { createOfficeCalendar } from '../office-calendar';
import { lastDays, monthsEndingWith } from '../calendar';
import {
  toMs,
  type Agency,
  type DossierReceived,
  type DossierResolved,
  type DossierReturned,
  type MonthReport,
  type Procedure,
} from './schema';

/** Public rates of fewer dossiers than this are hidden: a small cell can point at a person. */
const PUBLIC_MIN_CELL = 5;
const DAILY_DAYS = 30;
export const MONTHS = 12;
/** The most overdue dossiers on `admin.overdue`. */
export const OVERDUE_LIST_LIMIT = 50;
const DAY = 86_400_000;
/** How far ahead of the server's clock a dossier's times may be: the clocks of two systems differ a little. */
const MAX_AHEAD_MS = 3_600_000;
/** A finished dossier is forgotten after this (its counts stay); it is kept only to refuse a second result. */
const KEEP_FINISHED_MS = 400 * DAY;

export function loadAgencies(context: DomainContext): Agency[] {
  return context.fixtures.readJson<{ agencies: Agency[] }>('admin/agencies.json').agencies;
}

export function loadProcedures(context: DomainContext): Procedure[] {
  return context.fixtures.readJson<{ procedures: Procedure[] }>('admin/procedures.json').procedures;
}

type DossierState = 'pending' | 'resolved' | 'returned';

interface Dossier {
  id: string;
  procedureName: LocalizedText;
  agency: string;
  ward: string | null;
  receivedAt: number;
  dueAt: number;
  state: DossierState;
  /** Pending and past its due date, as last counted. */
  overdue: boolean;
  finishedAt: number | null;
}

interface MonthCell {
  received: number;
  online: number;
  withFee: number;
  paidOnline: number;
  resolved: number;
  onTime: number;
}

interface RateCell {
  resolved: number;
  onTime: number;
}

interface Load {
  pending: number;
  overdue: number;
}

const emptyMonth = (): MonthCell => ({ received: 0, online: 0, withFee: 0, paidOnline: 0, resolved: 0, onTime: 0 });

/** A share, or null when fewer than `min` cases lie behind it. */
function share(part: number, whole: number, min = 1): number | null {
  return whole === 0 || whole < min ? null : part / whole;
}

const ON_TIME_UNIT: LocalizedText = { vi: 'đúng hạn', en: 'on time' };
const RESOLVED_UNIT: LocalizedText = { vi: 'hồ sơ đã giải quyết', en: 'dossiers resolved' };

/** How late a dossier is, as a line on the wall. */
function overdueText(days: number): LocalizedText {
  if (days < 1) return { vi: 'quá hạn dưới 1 ngày', en: 'overdue by less than a day' };
  return { vi: `quá hạn ${days} ngày`, en: days === 1 ? 'overdue by 1 day' : `overdue by ${days} days` };
}

export function createAdminAggregator(context: DomainContext): Aggregator {
  const { fixtures, timeZone } = context;
  const calendar = createOfficeCalendar(timeZone);
  const agencies = new Map(loadAgencies(context).map((agency) => [agency.code, agency]));
  const procedures = new Map(loadProcedures(context).map((procedure) => [procedure.code, procedure]));

  const dossiers = new Map<string, Dossier>();
  const pending = new Map<string, Dossier>();
  const overdueSet = new Set<Dossier>();
  const days = new Map<string, { received: number; resolved: number }>();
  const months = new Map<string, MonthCell>();
  const agencyMonths = new Map<string, Map<string, RateCell>>();
  const wardMonths = new Map<string, Map<string, RateCell>>();
  const loads = new Map<string, Load>([...agencies.keys()].map((code) => [code, { pending: 0, overdue: 0 }]));
  const reports = new Map<string, MonthReport>();
  let overdueCount = 0;
  /** The earliest deadline among pending dossiers not yet flagged (a lower bound: it may be stale-early). */
  let nextDeadline = Infinity;
  let dirty = true;
  let overdueDirty = true;
  let lastListAt = -Infinity;
  let currentDay = '';

  const agencyLabel = (code: string): LocalizedText => agencies.get(code)?.short ?? { vi: code, en: code };
  const wardLabel = (code: string): LocalizedText => {
    const ward = fixtures.wardByCode.get(code);
    return ward ? { vi: ward.fullName, en: ward.nameEn } : { vi: code, en: code };
  };
  const load = (agency: string) => {
    let entry = loads.get(agency);
    if (!entry) loads.set(agency, (entry = { pending: 0, overdue: 0 }));
    return entry;
  };
  const day = (key: string) => {
    let entry = days.get(key);
    if (!entry) days.set(key, (entry = { received: 0, resolved: 0 }));
    return entry;
  };
  const month = (key: string) => {
    let entry = months.get(key);
    if (!entry) months.set(key, (entry = emptyMonth()));
    return entry;
  };
  const rateCell = (table: Map<string, Map<string, RateCell>>, monthKey: string, key: string) => {
    let cells = table.get(monthKey);
    if (!cells) table.set(monthKey, (cells = new Map()));
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { resolved: 0, onTime: 0 }));
    return cell;
  };

  function flagOverdue(dossier: Dossier): void {
    dossier.overdue = true;
    overdueSet.add(dossier);
    overdueCount++;
    load(dossier.agency).overdue++;
    overdueDirty = true;
  }

  function receive(data: DossierReceived): void {
    if (dossiers.has(data.dossierId)) return; // a retried or repeated "received" changes nothing
    const receivedAt = toMs(data.receivedAt);
    const procedure = procedures.get(data.procedure);
    const name =
      procedure?.name ??
      (data.procedureName
        ? { vi: data.procedureName, en: data.procedureName }
        : { vi: data.procedure, en: data.procedure });
    const dossier: Dossier = {
      // A source may still send a pre-2025 code: it counts under today's ward (config/units.yaml).
      id: data.dossierId,
      procedureName: name,
      agency: data.agency,
      ward:
        data.ward === undefined
          ? null
          : (fixtures.currentWard(data.ward, calendar.dayKey(receivedAt))?.code ?? data.ward),
      receivedAt,
      dueAt: toMs(data.dueAt),
      state: 'pending',
      overdue: false,
      finishedAt: null,
    };
    dossiers.set(dossier.id, dossier);
    pending.set(dossier.id, dossier);
    day(calendar.dayKey(receivedAt)).received++;
    const cell = month(calendar.monthKey(receivedAt));
    cell.received++;
    if (data.channel === 'online') cell.online++;
    if (data.feeVnd > 0) {
      cell.withFee++;
      if (data.paidOnline) cell.paidOnline++;
    }
    load(dossier.agency).pending++;
    if (context.now() > dossier.dueAt) flagOverdue(dossier);
    else nextDeadline = Math.min(nextDeadline, dossier.dueAt);
    dirty = true;
  }

  function finish(id: string, state: 'resolved' | 'returned', at: number): void {
    const dossier = pending.get(id);
    if (!dossier) return; // unknown or finished already: stored, counts unchanged
    pending.delete(id);
    dossier.state = state;
    dossier.finishedAt = at;
    const agencyLoad = load(dossier.agency);
    agencyLoad.pending--;
    if (dossier.overdue) {
      dossier.overdue = false;
      overdueSet.delete(dossier);
      overdueCount--;
      agencyLoad.overdue--;
      overdueDirty = true;
    }
    if (state === 'resolved') {
      const onTime = at <= dossier.dueAt ? 1 : 0;
      day(calendar.dayKey(at)).resolved++;
      const monthKey = calendar.monthKey(at);
      const cell = month(monthKey);
      cell.resolved++;
      cell.onTime += onTime;
      const agencyCell = rateCell(agencyMonths, monthKey, dossier.agency);
      agencyCell.resolved++;
      agencyCell.onTime += onTime;
      if (dossier.ward) {
        const wardCell = rateCell(wardMonths, monthKey, dossier.ward);
        wardCell.resolved++;
        wardCell.onTime += onTime;
      }
    }
    dirty = true;
  }

  /** Flags the pending dossiers whose deadline has passed; cheap unless one has. */
  function flagDeadlines(now: number): void {
    if (now <= nextDeadline) return;
    nextDeadline = Infinity;
    for (const dossier of pending.values()) {
      if (dossier.overdue) continue;
      if (now > dossier.dueAt) flagOverdue(dossier);
      else if (dossier.dueAt < nextDeadline) nextDeadline = dossier.dueAt;
    }
    dirty = true;
  }

  /** Forgets what no figure needs any more, once a day. */
  function prune(now: number): void {
    const oldestDay = lastDays(now, DAILY_DAYS + 2, timeZone)[0]!;
    for (const key of days.keys()) if (key < oldestDay) days.delete(key);
    const oldestMonth = monthsEndingWith(calendar.monthKey(now), MONTHS + 1)[0]!;
    for (const table of [months, agencyMonths, wardMonths, reports])
      for (const key of table.keys()) if (key < oldestMonth) table.delete(key);
    for (const [id, dossier] of dossiers)
      if (dossier.finishedAt !== null && dossier.finishedAt < now - KEEP_FINISHED_MS) dossiers.delete(id);
  }

  const rateRows = (
    cells: Map<string, RateCell> | undefined,
    label: (key: string) => LocalizedText,
    min: number,
  ): BreakdownRow[] =>
    [...(cells ?? [])]
      .filter(([, cell]) => cell.resolved >= Math.max(1, min))
      .map(([key, cell]) => ({ key, label: label(key), value: cell.onTime / cell.resolved, detail: cell.resolved }));

  const rateBreakdown = (rows: BreakdownRow[]): Breakdown => ({
    unit: ON_TIME_UNIT,
    format: 'percent',
    higherIsBetter: true,
    detailUnit: RESOLVED_UNIT,
    rows,
  });

  let axes = { day: '', days: [] as string[], months: [] as string[] };
  const axesAt = (now: number) => {
    const key = calendar.dayKey(now);
    if (axes.day !== key)
      axes = { day: key, days: lastDays(now, DAILY_DAYS, timeZone), months: monthsEndingWith(key.slice(0, 7), MONTHS) };
    return axes;
  };

  function monthlySeries(now: number, min: number): Series {
    const keys = axesAt(now).months;
    const figures = keys.map((key) => {
      const report = reports.get(key);
      if (report)
        return {
          onTime: share(report.resolvedOnTime, report.resolved, min),
          online: share(report.receivedOnline, report.received, min),
        };
      const cell = months.get(key) ?? emptyMonth();
      return { onTime: share(cell.onTime, cell.resolved, min), online: share(cell.online, cell.received, min) };
    });
    return {
      unit: { vi: 'tỷ lệ', en: 'share' },
      format: 'percent',
      xKind: 'month',
      x: keys,
      lines: [
        {
          key: 'onTime',
          label: { vi: 'Giải quyết đúng hạn', en: 'Resolved on time' },
          values: figures.map((f) => f.onTime),
        },
        {
          key: 'online',
          label: { vi: 'Nộp trực tuyến', en: 'Submitted online' },
          values: figures.map((f) => f.online),
        },
      ],
    };
  }

  function summaries(now: number): { summary: AdminSummary; publicSummary: AdminPublicSummary } {
    const monthKey = calendar.monthKey(now);
    const cell = months.get(monthKey) ?? emptyMonth();
    const today = days.get(calendar.dayKey(now)) ?? { received: 0, resolved: 0 };
    const dayKeys = axesAt(now).days;
    const figures = {
      receivedToday: today.received,
      resolvedToday: today.resolved,
      pending: pending.size,
      overdue: overdueCount,
      receivedMonth: cell.received,
      resolvedMonth: cell.resolved,
    };
    const overdueRows: BreakdownRow[] = [...loads]
      .filter(([code, entry]) => agencies.has(code) || entry.pending > 0)
      .map(([code, entry]) => ({ key: code, label: agencyLabel(code), value: entry.overdue, detail: entry.pending }));
    const summary: AdminSummary = {
      ...figures,
      onTimeRateMonth: share(cell.onTime, cell.resolved),
      onlineShareMonth: share(cell.online, cell.received),
      onlinePaymentShareMonth: share(cell.paidOnline, cell.withFee),
      byAgency: rateBreakdown(rateRows(agencyMonths.get(monthKey), agencyLabel, 1)),
      byWard: rateBreakdown(rateRows(wardMonths.get(monthKey), wardLabel, 1)),
      overdueByAgency: {
        unit: { vi: 'hồ sơ quá hạn', en: 'overdue dossiers' },
        format: 'number',
        higherIsBetter: false,
        detailUnit: { vi: 'hồ sơ đang giải quyết', en: 'dossiers pending' },
        rows: overdueRows,
      },
      daily: {
        unit: { vi: 'hồ sơ', en: 'dossiers' },
        format: 'number',
        xKind: 'day',
        x: dayKeys,
        lines: [
          {
            key: 'received',
            label: { vi: 'Tiếp nhận', en: 'Received' },
            values: dayKeys.map((key) => days.get(key)?.received ?? 0),
          },
          {
            key: 'resolved',
            label: { vi: 'Đã giải quyết', en: 'Resolved' },
            values: dayKeys.map((key) => days.get(key)?.resolved ?? 0),
          },
        ],
      },
      monthly: monthlySeries(now, 1),
    };
    const publicSummary: AdminPublicSummary = {
      ...figures,
      onTimeRateMonth: share(cell.onTime, cell.resolved, PUBLIC_MIN_CELL),
      onlineShareMonth: share(cell.online, cell.received, PUBLIC_MIN_CELL),
      onlinePaymentShareMonth: share(cell.paidOnline, cell.withFee, PUBLIC_MIN_CELL),
      byAgency: rateBreakdown(rateRows(agencyMonths.get(monthKey), agencyLabel, PUBLIC_MIN_CELL)),
      byWard: rateBreakdown(rateRows(wardMonths.get(monthKey), wardLabel, PUBLIC_MIN_CELL)),
      monthly: monthlySeries(now, PUBLIC_MIN_CELL),
    };
    return { summary, publicSummary };
  }

  function overdueItems(now: number): ListItem[] {
    return [...overdueSet]
      .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, OVERDUE_LIST_LIMIT)
      .map((dossier): ListItem => {
        const agency = agencyLabel(dossier.agency);
        const late = overdueText(Math.floor((now - dossier.dueAt) / DAY));
        // A ward's own People's Committee already names the ward.
        const ward =
          dossier.ward && agencies.get(dossier.agency)?.ward !== dossier.ward
            ? fixtures.wardByCode.get(dossier.ward)
            : undefined;
        const where = ward ? { vi: ` · ${ward.fullName}`, en: ` · ${ward.nameEn}` } : { vi: '', en: '' };
        return {
          id: dossier.id,
          time: dossier.dueAt,
          title: dossier.procedureName.vi,
          meta: { vi: `${agency.vi}${where.vi} · ${late.vi}`, en: `${agency.en}${where.en} · ${late.en}` },
          tone: now - dossier.dueAt >= DAY ? 'bad' : 'fair',
        };
      });
  }

  function publishOverdue(now: number, out: TopicWriter): void {
    overdueDirty = false;
    lastListAt = now;
    // The list is an order, not a feed: replaced whole, least overdue first, so that (newest
    // first) the most overdue ends on top. An unchanged list is no message (the hub's rule).
    out.replace('admin.overdue', overdueItems(now).reverse());
  }

  function publishSummaries(now: number, out: TopicWriter): void {
    dirty = false;
    const { summary, publicSummary } = summaries(now);
    out.set('admin.summary', summary);
    out.set('admin.public-summary', publicSummary);
  }

  function check(events: ReadonlyArray<{ kind: string; data: unknown }>): StateConflict | null {
    const now = context.now();
    /** The dossiers as they will be once the earlier events of this request apply. */
    const planned = new Map<string, { finished: DossierState | null; receivedAt: number }>();
    const stateOf = (id: string) => {
      const known = planned.get(id);
      if (known) return known;
      const dossier = dossiers.get(id);
      return dossier
        ? { finished: dossier.state === 'pending' ? null : dossier.state, receivedAt: dossier.receivedAt }
        : undefined;
    };
    const future = (index: number, field: string): StateConflict => ({
      index,
      field,
      en: 'is in the future',
      vi: 'là thời điểm trong tương lai',
    });
    for (let index = 0; index < events.length; index++) {
      const { kind, data } = events[index]!;
      if (kind === 'admin.dossier-received') {
        const dossier = data as DossierReceived;
        const receivedAt = toMs(dossier.receivedAt);
        if (receivedAt > now + MAX_AHEAD_MS) return future(index, 'receivedAt');
        if (toMs(dossier.dueAt) <= receivedAt)
          return {
            index,
            field: 'dueAt',
            en: 'must be later than receivedAt',
            vi: 'phải sau thời điểm tiếp nhận (receivedAt)',
          };
        if (dossier.paidOnline && dossier.feeVnd === 0) {
          return {
            index,
            field: 'paidOnline',
            en: 'a dossier without a fee (feeVnd 0) cannot be paid online',
            vi: 'hồ sơ không có phí, lệ phí (feeVnd 0) thì không thể thanh toán trực tuyến',
          };
        }
        if (!stateOf(dossier.dossierId)) planned.set(dossier.dossierId, { finished: null, receivedAt });
      } else if (kind === 'admin.dossier-resolved' || kind === 'admin.dossier-returned') {
        const resolved = kind === 'admin.dossier-resolved';
        const id = (data as DossierResolved | DossierReturned).dossierId;
        const field = resolved ? 'resolvedAt' : 'returnedAt';
        const at = toMs(resolved ? (data as DossierResolved).resolvedAt : (data as DossierReturned).returnedAt);
        const state = stateOf(id);
        if (!state) return { index, field: 'dossierId', en: `no dossier ${id}`, vi: `không có hồ sơ ${id}` };
        if (state.finished) {
          const as =
            state.finished === 'resolved'
              ? { en: 'resolved', vi: 'đã giải quyết' }
              : { en: 'returned', vi: 'đã trả lại' };
          return { index, field: 'dossierId', en: `dossier ${id} is ${as.en} already`, vi: `hồ sơ ${id} ${as.vi} rồi` };
        }
        if (at < state.receivedAt)
          return { index, field, en: 'is before the dossier was received', vi: 'trước thời điểm tiếp nhận hồ sơ' };
        if (at > now + MAX_AHEAD_MS) return future(index, field);
        planned.set(id, { finished: resolved ? 'resolved' : 'returned', receivedAt: state.receivedAt });
      } else if (kind === 'admin.month-report') {
        const report = data as MonthReport;
        if (report.month >= calendar.monthKey(now)) {
          return {
            index,
            field: 'month',
            en: 'only a closed month (before the current one) can be reported',
            vi: 'chỉ báo cáo được tháng đã kết thúc (trước tháng hiện tại)',
          };
        }
        if (report.receivedOnline > report.received)
          return {
            index,
            field: 'receivedOnline',
            en: 'cannot exceed received',
            vi: 'không thể lớn hơn số tiếp nhận (received)',
          };
        if (report.resolvedOnTime > report.resolved)
          return {
            index,
            field: 'resolvedOnTime',
            en: 'cannot exceed resolved',
            vi: 'không thể lớn hơn số đã giải quyết (resolved)',
          };
      }
    }
    return null;
  }

  const snapshot = closureSnapshot(
    1,
    () => ({
      dossiers,
      pending,
      overdueSet,
      days,
      months,
      agencyMonths,
      wardMonths,
      loads,
      reports,
      overdueCount,
      nextDeadline,
      dirty,
      overdueDirty,
      lastListAt,
      currentDay,
      axes,
    }),
    (state) => {
      refill(dossiers, state.dossiers);
      refill(pending, state.pending);
      refill(overdueSet, state.overdueSet);
      refill(days, state.days);
      refill(months, state.months);
      refill(agencyMonths, state.agencyMonths);
      refill(wardMonths, state.wardMonths);
      refill(loads, state.loads);
      refill(reports, state.reports);
      ({ overdueCount, nextDeadline, dirty, overdueDirty, lastListAt, currentDay, axes } = state);
    },
  );

  return {
    check,
    snapshot,
    apply(event: StoredEvent) {
      switch (event.kind) {
        case 'admin.dossier-received':
          receive(event.data as DossierReceived);
          return;
        case 'admin.dossier-resolved': {
          const data = event.data as DossierResolved;
          finish(data.dossierId, 'resolved', toMs(data.resolvedAt));
          return;
        }
        case 'admin.dossier-returned': {
          const data = event.data as DossierReturned;
          finish(data.dossierId, 'returned', toMs(data.returnedAt));
          return;
        }
        case 'admin.month-report': {
          const data = event.data as MonthReport;
          reports.set(data.month, data); // a later report of the same month corrects it
          dirty = true;
          return;
        }
        default:
          return;
      }
    },
    flush(out) {
      if (overdueDirty) publishOverdue(context.now(), out);
      if (dirty) publishSummaries(context.now(), out);
    },
    tick(now, out) {
      flagDeadlines(now);
      const today = calendar.dayKey(now);
      if (today !== currentDay) {
        currentDay = today;
        prune(now);
      }
      // The days overdue grow without any event: the list is looked at again every minute.
      if (overdueDirty || now - lastListAt >= 60_000) publishOverdue(now, out);
      // Always: "today", the month and the series move at local midnight without any event.
      publishSummaries(now, out);
    },
  };
}
