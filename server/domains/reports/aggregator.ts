/**
 * Citizen reports: the lifecycle state of every report, and from it the indicators of the wall —
 * received, open, overdue, resolved, on-time rate, satisfaction, handling time — per city, ward
 * and category, plus the public aggregates (no text, no places finer than a ward, small cells hidden).
 */
import type { Aggregator, DomainContext, StateConflict, StoredEvent, TopicWriter } from '../domain';
import type {
  PublicReportItem, PublicReportSummary, ReportDaily, ReportItem, ReportStatus, ReportSummary, WardCount,
} from '../../protocol/topics';
import { dayKey, lastDays } from '../calendar';
import { canMove, isHandled, isOpen, nextStatuses } from './lifecycle';
import type { ReportCategory, ReportCreated, ReportExtended, ReportModerated, ReportRated, ReportStatusChanged } from './schema';

/** Public cells with fewer reports than this are hidden (a small count can point at a person). */
export const PUBLIC_MIN_CELL = 5;
const DAILY_DAYS = 14;

/** One report as the read side knows it (never the reporter's contact: that stays in the store). */
export interface Report {
  id: string;
  category: ReportCategory;
  ward: string;
  title: string;
  lat: number;
  lon: number;
  createdAt: number;
  dueAt: number;
  /** An approved extension of the deadline, or null. */
  extendedDueAt: number | null;
  status: ReportStatus;
  handledAt: number | null;
  rating: { satisfied: boolean; score: number } | null;
  /** The overdue and due-soon flags as last published on `reports.recent`. */
  overdueShown: boolean;
  dueSoonShown: boolean;
  /** Every accepted status change, oldest first. */
  history: Array<{ status: ReportStatus; at: number; note: string | null }>;
  description: string;
  address: string | null;
  photoUrl: string | null;
  /** Moderation. */
  publicTitle: string | null;
  hidePhoto: boolean;
  private: boolean;
  /** Whether it is on `reports.public-recent` now. */
  publicShown: boolean;
}

/** The deadline that counts now: the extended one when an extension was approved. */
export const deadlineOf = (report: Pick<Report, 'dueAt' | 'extendedDueAt'>) => report.extendedDueAt ?? report.dueAt;

/** Open and within the last fifth of its time, at least the last 2 hours: the ones to chase. */
export function isDueSoon(report: Pick<Report, 'createdAt' | 'dueAt' | 'extendedDueAt' | 'status'>, now: number): boolean {
  const deadline = deadlineOf(report);
  if (!isOpen(report.status) || now > deadline) return false;
  return deadline - now <= Math.max(2 * 3_600_000, (deadline - report.createdAt) / 5);
}

/** Approved once, not made private, never a sensitive category: only then may the public see it. */
export function isPublicReport(report: Report): boolean {
  return !report.category.sensitive && !report.private && report.history.some((entry) => entry.status === 'approved');
}

/** About 100 m: enough to find the street, not the door. */
export const roundPlace = (value: number) => Math.round(value * 1000) / 1000;

/** Read access to the reports, for the Open311 API. */
export interface ReportsReadModel {
  get(id: string): Report | undefined;
  all(): IterableIterator<Report>;
}

export type ReportsAggregator = Aggregator & { readModel: ReportsReadModel };

export function isReportsAggregator(aggregator: Aggregator | undefined): aggregator is ReportsAggregator {
  return aggregator !== undefined && 'readModel' in aggregator;
}

export function loadCategories(context: DomainContext): ReportCategory[] {
  return context.fixtures.readJson<{ categories: ReportCategory[] }>('reports/categories.json').categories;
}

function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function createReportsAggregator(context: DomainContext): ReportsAggregator {
  const categories = new Map(loadCategories(context).map((category) => [category.code, category]));
  const fallbackCategory: ReportCategory = {
    code: 'other', name: { vi: 'Khác', en: 'Other' }, slaHours: 72, department: { vi: 'Văn phòng UBND', en: 'City Office' }, sensitive: false,
  };
  const reports = new Map<string, Report>();
  const { fixtures, timeZone } = context;
  let dirty = true;

  const item = (report: Report, now: number): ReportItem => {
    const ward = fixtures.wardByCode.get(report.ward);
    return {
      id: report.id,
      category: report.category.code,
      categoryName: report.category.name,
      ward: report.ward,
      wardName: ward?.fullName ?? report.ward,
      status: report.status,
      title: report.title,
      lat: report.lat,
      lon: report.lon,
      createdAt: report.createdAt,
      dueAt: report.dueAt,
      extendedDueAt: report.extendedDueAt,
      overdue: isOpen(report.status) && now > deadlineOf(report),
      dueSoon: isDueSoon(report, now),
      description: report.description,
      address: report.address,
      photoUrl: report.photoUrl,
      publicTitle: report.publicTitle,
      private: report.private,
    };
  };

  const publicItem = (report: Report): PublicReportItem => {
    const ward = fixtures.wardByCode.get(report.ward);
    return {
      id: report.id,
      category: report.category.code,
      categoryName: report.category.name,
      ward: report.ward,
      wardName: ward?.fullName ?? report.ward,
      status: report.status,
      title: report.publicTitle ?? report.title,
      date: dayKey(report.createdAt, timeZone),
      lat: roundPlace(report.lat),
      lon: roundPlace(report.lon),
    };
  };

  const publishItem = (report: Report, out: TopicWriter) => {
    const now = context.now();
    const published = item(report, now);
    report.overdueShown = published.overdue;
    report.dueSoonShown = published.dueSoon ?? false;
    out.upsert('reports.recent', [published]);
    // The public list is computed here, on the server: it never sees the internal item.
    if (isPublicReport(report)) {
      report.publicShown = true;
      out.upsert('reports.public-recent', [publicItem(report)]);
    } else if (report.publicShown) {
      report.publicShown = false;
      out.remove('reports.public-recent', [report.id]);
    }
  };

  function apply(event: StoredEvent, out: TopicWriter): void {
    switch (event.kind) {
      case 'report.created': {
        const data = event.data as ReportCreated;
        if (reports.has(data.reportId)) return; // a second "created" for a known id changes nothing
        const category = categories.get(data.category) ?? fallbackCategory;
        const ward = fixtures.wardAt(data.lon, data.lat) ?? fixtures.nearestWard(data.lon, data.lat);
        const report: Report = {
          id: data.reportId, category, ward: ward.code, title: data.title, lat: data.lat, lon: data.lon,
          createdAt: event.time, dueAt: event.time + category.slaHours * 3_600_000, extendedDueAt: null,
          status: 'new', handledAt: null, rating: null, overdueShown: false, dueSoonShown: false,
          history: [{ status: 'new', at: event.time, note: null }],
          description: data.description, address: data.address ?? null, photoUrl: data.photoUrl ?? null,
          publicTitle: null, hidePhoto: false, private: false, publicShown: false,
        };
        reports.set(report.id, report);
        publishItem(report, out);
        break;
      }
      case 'report.status': {
        const data = event.data as ReportStatusChanged;
        const report = reports.get(data.reportId);
        // Unknown reports and impossible moves are kept in the store but change no indicator.
        if (!report || !canMove(report.status, data.status)) return;
        if (isHandled(data.status) && !isHandled(report.status)) report.handledAt = event.time;
        if (isOpen(data.status)) report.handledAt = null; // reopened
        report.status = data.status;
        report.history.push({ status: data.status, at: event.time, note: data.note ?? null });
        publishItem(report, out);
        break;
      }
      case 'report.rated': {
        const data = event.data as ReportRated;
        const report = reports.get(data.reportId);
        if (!report || !isHandled(report.status)) return;
        report.rating = { satisfied: data.satisfied, score: data.score };
        if (report.status === 'resolved') {
          report.status = 'rated';
          report.history.push({ status: 'rated', at: event.time, note: null });
        }
        publishItem(report, out);
        break;
      }
      case 'report.extended': {
        const data = event.data as ReportExtended;
        const report = reports.get(data.reportId);
        if (!report) return;
        report.extendedDueAt = typeof data.newDueAt === 'number' ? data.newDueAt : Date.parse(data.newDueAt);
        report.history.push({ status: report.status, at: event.time, note: data.note ?? 'gia hạn / extension' });
        publishItem(report, out);
        break;
      }
      case 'report.moderated': {
        const data = event.data as ReportModerated;
        const report = reports.get(data.reportId);
        if (!report) return;
        if (data.publicTitle !== undefined) report.publicTitle = data.publicTitle;
        if (data.hidePhoto !== undefined) report.hidePhoto = data.hidePhoto;
        if (data.private !== undefined) report.private = data.private;
        publishItem(report, out);
        break;
      }
      default:
        return;
    }
    dirty = true;
  }

  function summaries(now: number): { summary: ReportSummary; publicSummary: PublicReportSummary; daily: ReportDaily } {
    const today = dayKey(now, timeZone);
    const days = lastDays(now, DAILY_DAYS, timeZone);
    const daily = new Map(days.map((day) => [day, { date: day, received: 0, resolved: 0 }]));
    const wards = new Map<string, { received: number; open: number; overdue: number; handled: number; onTime: number; publicReceived: number; publicHandled: number; publicOnTime: number }>();
    for (const ward of fixtures.wards) {
      wards.set(ward.code, { received: 0, open: 0, overdue: 0, handled: 0, onTime: 0, publicReceived: 0, publicHandled: 0, publicOnTime: 0 });
    }
    const byCategory = new Map<string, { count: number; open: number; overdue: number; handled: number; onTime: number }>();
    const departments = new Map<string, { name: { vi: string; en: string }; received: number; open: number; overdue: number; handled: number; onTime: number }>();
    const byStatus: Partial<Record<ReportStatus, number>> = {};
    let receivedToday = 0, open = 0, overdue = 0, dueSoon = 0, lateWithExtension = 0, resolvedToday = 0, handled = 0, onTime = 0;
    let ratings = 0, satisfied = 0, handlingHours = 0;
    let pReceivedToday = 0, pResolvedToday = 0, pOpen = 0, pHandled = 0, pOnTime = 0, pRatings = 0, pSatisfied = 0;

    for (const report of reports.values()) {
      const isPublic = !report.category.sensitive;
      const ward = wards.get(report.ward);
      const createdDay = dayKey(report.createdAt, timeZone);
      byStatus[report.status] = (byStatus[report.status] ?? 0) + 1;
      let categoryCounts = byCategory.get(report.category.code);
      if (!categoryCounts) byCategory.set(report.category.code, (categoryCounts = { count: 0, open: 0, overdue: 0, handled: 0, onTime: 0 }));
      categoryCounts.count++;
      if (isOpen(report.status)) {
        categoryCounts.open++;
        if (now > deadlineOf(report)) categoryCounts.overdue++;
      }
      if (report.handledAt !== null) {
        categoryCounts.handled++;
        if (report.handledAt <= report.dueAt) categoryCounts.onTime++;
      }
      const departmentKey = report.category.department.vi;
      let department = departments.get(departmentKey);
      if (!department) departments.set(departmentKey, (department = { name: report.category.department, received: 0, open: 0, overdue: 0, handled: 0, onTime: 0 }));
      department.received++;
      if (isOpen(report.status)) {
        department.open++;
        if (now > deadlineOf(report)) department.overdue++;
      }
      if (report.handledAt !== null) {
        department.handled++;
        if (report.handledAt <= report.dueAt) department.onTime++;
      }
      daily.get(createdDay) && daily.get(createdDay)!.received++;
      if (createdDay === today) {
        receivedToday++;
        if (isPublic) pReceivedToday++;
      }
      if (ward) {
        ward.received++;
        if (isPublic) ward.publicReceived++;
      }
      if (isOpen(report.status)) {
        open++;
        if (isPublic) pOpen++;
        if (ward) ward.open++;
        if (now > deadlineOf(report)) {
          overdue++;
          if (ward) ward.overdue++;
        } else if (isDueSoon(report, now)) {
          dueSoon++;
        }
      }
      if (report.handledAt !== null) {
        const inTime = report.handledAt <= report.dueAt;
        handled++;
        if (inTime) onTime++;
        else if (report.extendedDueAt !== null && report.handledAt <= report.extendedDueAt) lateWithExtension++;
        handlingHours += (report.handledAt - report.createdAt) / 3_600_000;
        if (ward) {
          ward.handled++;
          if (inTime) ward.onTime++;
        }
        const handledDay = dayKey(report.handledAt, timeZone);
        daily.get(handledDay) && daily.get(handledDay)!.resolved++;
        if (handledDay === today) {
          resolvedToday++;
          if (isPublic) pResolvedToday++;
        }
        if (isPublic) {
          pHandled++;
          if (inTime) pOnTime++;
          if (ward) {
            ward.publicHandled++;
            if (inTime) ward.publicOnTime++;
          }
        }
      }
      if (report.rating) {
        ratings++;
        if (report.rating.satisfied) satisfied++;
        if (isPublic) {
          pRatings++;
          if (report.rating.satisfied) pSatisfied++;
        }
      }
    }

    const byWard: WardCount[] = fixtures.wards.map((ward) => {
      const counts = wards.get(ward.code)!;
      return {
        ward: ward.code, name: ward.fullName, received: counts.received, open: counts.open, overdue: counts.overdue,
        onTimeRate: rate(counts.onTime, counts.handled),
      };
    });
    const summary: ReportSummary = {
      total: reports.size,
      receivedToday, open, overdue, dueSoon, lateWithExtension, resolvedToday,
      onTimeRate: rate(onTime, handled),
      satisfactionRate: rate(satisfied, ratings),
      averageHandlingHours: handled === 0 ? null : Math.round((handlingHours / handled) * 10) / 10,
      byStatus,
      byWard,
      byCategory: [...byCategory]
        .map(([code, c]) => ({
          category: code, name: (categories.get(code) ?? fallbackCategory).name, count: c.count, open: c.open, overdue: c.overdue,
          onTimeRate: rate(c.onTime, c.handled),
        }))
        .sort((a, b) => b.count - a.count),
      byDepartment: [...departments]
        .map(([key, d]) => ({ department: key, name: d.name, received: d.received, open: d.open, overdue: d.overdue, onTimeRate: rate(d.onTime, d.handled) }))
        .sort((a, b) => b.overdue - a.overdue || b.open - a.open),
    };
    const publicSummary: PublicReportSummary = {
      receivedToday: pReceivedToday,
      resolvedToday: pResolvedToday,
      open: pOpen,
      onTimeRate: pHandled < PUBLIC_MIN_CELL ? null : rate(pOnTime, pHandled),
      satisfactionRate: pRatings < PUBLIC_MIN_CELL ? null : rate(pSatisfied, pRatings),
      byWard: fixtures.wards.map((ward) => {
        const counts = wards.get(ward.code)!;
        return {
          ward: ward.code,
          name: ward.fullName,
          received: counts.publicReceived < PUBLIC_MIN_CELL ? null : counts.publicReceived,
          onTimeRate: counts.publicHandled < PUBLIC_MIN_CELL ? null : rate(counts.publicOnTime, counts.publicHandled),
        };
      }),
    };
    return { summary, publicSummary, daily: { days: [...daily.values()] } };
  }

  /** What was last published per topic, so an unchanged summary costs no message to every screen. */
  const lastPublished = new Map<string, string>();
  const changedSince = (topic: string, value: unknown): boolean => {
    const json = JSON.stringify(value);
    if (lastPublished.get(topic) === json) return false;
    lastPublished.set(topic, json);
    return true;
  };

  function publishSummaries(out: TopicWriter): void {
    dirty = false;
    const { summary, publicSummary, daily } = summaries(context.now());
    if (changedSince('reports.summary', summary)) out.set('reports.summary', summary);
    if (changedSince('reports.public-summary', publicSummary)) out.set('reports.public-summary', publicSummary);
    if (changedSince('reports.daily', daily)) out.set('reports.daily', daily);
  }

  /** Lifecycle rules at the door: an impossible move is refused with what would be allowed. */
  function check(events: ReadonlyArray<{ kind: string; data: unknown }>): StateConflict | null {
    // The statuses as they will be once the earlier events of this request apply.
    const pending = new Map<string, ReportStatus>();
    const statusOf = (id: string) => pending.get(id) ?? reports.get(id)?.status;
    for (let index = 0; index < events.length; index++) {
      const { kind, data } = events[index]!;
      if (kind === 'report.created') {
        const { reportId } = data as ReportCreated;
        if (!statusOf(reportId)) pending.set(reportId, 'new');
      } else if (kind === 'report.status') {
        const { reportId, status } = data as ReportStatusChanged;
        const current = statusOf(reportId);
        if (!current) return { index, field: 'reportId', en: `no report ${reportId}`, vi: `không có phản ánh ${reportId}` };
        if (!canMove(current, status)) {
          const allowed = nextStatuses(current).join(', ') || 'none (final)';
          return { index, field: 'status', en: `cannot go from ${current} to ${status} (allowed: ${allowed})`, vi: `không thể chuyển từ ${current} sang ${status} (được phép: ${allowed})` };
        }
        pending.set(reportId, status);
      } else if (kind === 'report.rated') {
        const { reportId } = data as ReportRated;
        const current = statusOf(reportId);
        if (!current) return { index, field: 'reportId', en: `no report ${reportId}`, vi: `không có phản ánh ${reportId}` };
        if (!isHandled(current)) {
          return { index, field: 'reportId', en: `report ${reportId} is ${current}: only a handled report can be rated`, vi: `phản ánh ${reportId} đang ở trạng thái ${current}: chỉ đánh giá được khi đã xử lý` };
        }
        if (current === 'resolved') pending.set(reportId, 'rated');
      } else if (kind === 'report.extended') {
        const { reportId, newDueAt } = data as ReportExtended;
        const report = reports.get(reportId);
        const current = statusOf(reportId);
        if (!current) return { index, field: 'reportId', en: `no report ${reportId}`, vi: `không có phản ánh ${reportId}` };
        if (!isOpen(current)) return { index, field: 'reportId', en: `report ${reportId} is ${current}: only an open report can be extended`, vi: `phản ánh ${reportId} đã ${current}: chỉ gia hạn được phản ánh đang xử lý` };
        const until = typeof newDueAt === 'number' ? newDueAt : Date.parse(newDueAt);
        if (report && until <= deadlineOf(report)) return { index, field: 'newDueAt', en: 'must be later than the current deadline', vi: 'phải sau hạn xử lý hiện tại' };
      } else if (kind === 'report.moderated') {
        const { reportId } = data as ReportModerated;
        if (!statusOf(reportId)) return { index, field: 'reportId', en: `no report ${reportId}`, vi: `không có phản ánh ${reportId}` };
      }
    }
    return null;
  }

  return {
    readModel: { get: (id) => reports.get(id), all: () => reports.values() },
    check,
    apply,
    flush(out) {
      if (dirty) publishSummaries(out);
    },
    tick(now, out) {
      // Deadlines pass without any event: refresh the overdue flags and the counts.
      const changed: ReportItem[] = [];
      for (const report of reports.values()) {
        const overdueNow = isOpen(report.status) && now > deadlineOf(report);
        const dueSoonNow = isDueSoon(report, now);
        if (overdueNow !== report.overdueShown || dueSoonNow !== report.dueSoonShown) {
          report.overdueShown = overdueNow;
          report.dueSoonShown = dueSoonNow;
          changed.push(item(report, now));
        }
      }
      if (changed.length > 0) out.upsert('reports.recent', changed);
      publishSummaries(out);
    },
  };
}
