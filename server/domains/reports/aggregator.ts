/**
 * Citizen reports: the lifecycle state of every report, and from it the indicators of the wall —
 * received, open, overdue, resolved, on-time rate, satisfaction, handling time — per city, ward
 * and category, plus the public aggregates (no text, no places finer than a ward, small cells hidden).
 *
 * Ingest must take tens of thousands of events a second and the hub flushes every 16 ms, so the
 * indicators are running counts (`counters.ts`) that each event adjusts, and the clock tick only
 * visits the reports whose due-soon or overdue flag flips now (`deadline-queue.ts`).
 */
import { closureSnapshot } from '../snapshot-codec';
import type { Aggregator, DomainContext, StateConflict, StoredEvent, TopicWriter } from '../domain';
import type {
  PublicReportItem,
  PublicReportSummary,
  ReportDaily,
  ReportItem,
  ReportStatus,
  ReportSummary,
  WardCount,
} from '../../protocol/topics';
import { dayKey, lastDays } from '../calendar';
import {
  canMove,
  HANDLING,
  handlingRefusal,
  isHandled,
  isHandlingKind,
  isOpen,
  nextStatuses,
  STATUS_NAMES,
  type HandlingKind,
} from './lifecycle';
import { departmentsFromCategories, type Department } from './departments';
import type { TimelineEntry } from '../../protocol/reports-handling';
import { addTo, emptyCell, emptyDay, rate, type Cell, type Contribution, type DayCounts } from './counters';
import { DeadlineQueue } from './deadline-queue';
import { enterRecent, type RecentEntry } from './recent-window';
import { cachedDayKeys } from './day-keys';
import { isPublicReport } from './publication';
import { maskPersonalData, publicTextOf } from './public-text';
import { Compile } from 'typebox/compile';
import { CategoriesFile } from './schema';
import type {
  ReportAssigned,
  ReportCategory,
  ReportCreated,
  ReportExtended,
  ReportExtensionRequested,
  ReportFieldNote,
  ReportMerged,
  ReportModerated,
  ReportNotResponsible,
  ReportRated,
  ReportResponded,
  ReportStatusChanged,
  ReportTransferred,
} from './schema';

/** The public response is a paragraph, not a title. */
const RESPONSE_MAX = 2000;
import type { Ward } from '../../fixtures/fixtures';
import { departmentFor } from '../../units/admin-units';

/** Public cells with fewer reports than this are hidden (a small count can point at a person). */
const PUBLIC_MIN_CELL = 5;
const DAILY_DAYS = 14;
/** Eight weeks before today and today: enough for the same weekday's median over 8 weeks. */
const HISTORY_DAYS = 57;
/** Where an account's department cell sits among its cells. */
const DEPARTMENT_CELL = 3;
const DAY_MS = 86_400_000;
/**
 * Days after its last change that a report no longer open settles (`reports.settleAfterDays`):
 * it leaves the aggregator's memory, its counts stay. The citizen may rate a handled report and a
 * poor rating reopens it, with no deadline in `citizen.ts`: a month covers the ratings seen.
 */
const DEFAULT_SETTLE_AFTER_DAYS = 30;

/** One report as the read side knows it (never the reporter's contact: that stays in the store). */
export interface Report {
  id: string;
  category: ReportCategory;
  /** The ward the point lies in, or `UNLOCATED` for a report given by its address only. */
  ward: string;
  title: string;
  /** The point, or null when the citizen gave only an address (then on no map). */
  lat: number | null;
  lon: number | null;
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
  /** `byKey`: an approval a feed key stored before the moderation guard existed (publishes nothing). */
  history: Array<{ status: ReportStatus; at: number; note: string | null; byKey?: true }>;
  description: string;
  address: string | null;
  photoUrl: string | null;
  /** The citizen's photos in the photo store (shown publicly only when the report is and `hidePhoto` is not set). */
  photos: string[];
  /** Answers to the category's questions (Open311 attributes), internal like the description. */
  attributes: Record<string, string>;
  /** Moderation. */
  publicTitle: string | null;
  hidePhoto: boolean;
  private: boolean;
  /** Whether it is on `reports.public-recent` now. */
  publicShown: boolean;
  /** The department handling it (a department id), once dispatched. */
  department: string | null;
  /** The moderator's publication decision; `approved` also when approved by status. */
  publication: 'waiting' | 'approved' | 'rejected';
  /** The pending request for more time, until granted. */
  extensionRequest: { newDueAt: number; reason: string; at: number } | null;
  /** The official response (internal; the public reads it masked, and only when the report is public). */
  response: { text: string; photoUrls: string[]; photos: string[]; at: number } | null;
  duplicateOf: string | null;
  /** The record: every accepted event on this report, in order, with who did it. */
  timeline: TimelineEntry[];
}

/** The deadline that counts now: the extended one when an extension was approved. */
export const deadlineOf = (report: Pick<Report, 'dueAt' | 'extendedDueAt'>) => report.extendedDueAt ?? report.dueAt;

/** When a report enters the last fifth of its time (at least the last 2 hours before its deadline). */
function dueSoonFrom(report: Pick<Report, 'createdAt' | 'dueAt' | 'extendedDueAt'>): number {
  const deadline = deadlineOf(report);
  return deadline - Math.max(2 * 3_600_000, (deadline - report.createdAt) / 5);
}

/** Open and within the last fifth of its time, at least the last 2 hours: the ones to chase. */
export function isDueSoon(
  report: Pick<Report, 'createdAt' | 'dueAt' | 'extendedDueAt' | 'status'>,
  now: number,
): boolean {
  if (!isOpen(report.status) || now > deadlineOf(report)) return false;
  // The same expression as the queue's time, so the tick that pops an entry sees the flag flip.
  return now >= dueSoonFrom(report);
}

export { isPublicReport } from './publication';

/** About 100 m: enough to find the street, not the door. */
export const roundPlace = (value: number) => Math.round(value * 1000) / 1000;

/** The bucket of the reports given by their address only, counted for the city but in no ward. */
export const UNLOCATED = { code: 'unlocated', name: { vi: 'Chưa xác định vị trí', en: 'Place not yet known' } };

/** The name of a report's ward, or of the bucket "place not yet known". */
function wardNameOf(fixtures: DomainContext['fixtures'], code: string): string {
  if (code === UNLOCATED.code) return `${UNLOCATED.name.vi} / ${UNLOCATED.name.en}`;
  return fixtures.wardByCode.get(code)?.fullName ?? code;
}

/**
 * Read access to the reports, for the Open311 API. It holds the reports that can still change
 * (open, or closed less than `settleAfterDays` ago); a settled one is rebuilt from its own events
 * with `rebuild` (`settled-reports.ts` reads them from the store).
 */
export interface ReportsReadModel {
  get(id: string): Report | undefined;
  /** The reports held (not the settled ones). */
  all(): IterableIterator<Report>;
  /** Changes whenever any report may have changed: an answer computed at one version is stale at the next. */
  version(): number;
  /** The report a tracking code was given for, by the code's fingerprint (`reporter.trackingCodeHash`). */
  byTrackingCodeHash(hash: string): Report | undefined;
  /** The reports holding a photo of the photo store, as the citizen's or in the response. */
  withPhoto(photoId: string): Report[];
  /** One report folded from its own events (seq order) by the same code as the live state, or undefined when none creates it. */
  rebuild(id: string, events: readonly StoredEvent[]): Report | undefined;
  /**
   * The settled report that showed this photo publicly when it settled (its publication can no
   * longer change), or undefined: the one thing kept of a settled report beside its counts, a
   * photo id and a report id, so that a public photo of a settled report is still served.
   */
  settledPhotoHolder(photoId: string): string | undefined;
}

export type ReportsAggregator = Aggregator & { readModel: ReportsReadModel };

export function isReportsAggregator(aggregator: Aggregator | undefined): aggregator is ReportsAggregator {
  return aggregator !== undefined && 'readModel' in aggregator;
}

/**
 * The reports' read model, for the read APIs that need more than the topics (report detail,
 * Open311); null without the reports domain. Each call reads the aggregator the runtime holds
 * then: routes keep this object from their registration, and a process that takes the lead of
 * several builds fresh aggregators (`DomainRuntime.lead`), so a kept aggregator would be one that
 * never applied an event (the new leader's dispatch board was empty after a failover).
 */
export function reportsReadModel(runtime: {
  aggregator(domain: string): Aggregator | undefined;
}): ReportsReadModel | null {
  const current = (): ReportsReadModel => {
    const aggregator = runtime.aggregator('reports');
    if (!isReportsAggregator(aggregator)) throw new Error('the reports domain is gone from the runtime');
    return aggregator.readModel;
  };
  if (!isReportsAggregator(runtime.aggregator('reports'))) return null;
  return {
    get: (id) => current().get(id),
    all: () => current().all(),
    version: () => current().version(),
    byTrackingCodeHash: (hash) => current().byTrackingCodeHash(hash),
    withPhoto: (photoId) => current().withPhoto(photoId),
    rebuild: (id, events) => current().rebuild(id, events),
    settledPhotoHolder: (photoId) => current().settledPhotoHolder(photoId),
  };
}

/**
 * The report categories, each with the department that handles it: the departments of
 * `config/units.yaml` decide (the fixture's own label only for a category no department names).
 */
function departmentOf(
  context: Pick<DomainContext, 'fixtures'>,
  category: string,
  fallback: { vi: string; en: string },
): { vi: string; en: string } {
  const department = departmentFor(context.fixtures.units.departments, category);
  return department ? { vi: department.name, en: department.nameEn } : fallback;
}

const checkCategories = Compile(CategoriesFile);

export function loadCategories(context: Pick<DomainContext, 'fixtures'>): ReportCategory[] {
  const { departments } = context.fixtures.units;
  const file = context.fixtures.readJson<unknown>('reports/categories.json');
  if (!checkCategories.Check(file)) {
    const first = [...checkCategories.Errors(file)][0];
    throw new Error(
      `reports/categories.json: ${first?.instancePath || '/'} ${first?.message ?? 'is not valid'} (see CategoriesFile in server/domains/reports/schema.ts)`,
    );
  }
  return file.categories.map((category) => {
    const department = departmentFor(departments, category.code);
    return department ? { ...category, department: { vi: department.name, en: department.nameEn } } : category;
  });
}

/**
 * The departments that handle reports: those of `config/units.yaml`; a city that names none gets
 * one per "department in charge" of the categories (`departments.ts`).
 */
export function loadDepartments(context: Pick<DomainContext, 'fixtures'>): Department[] {
  const configured = context.fixtures.units.departments;
  return configured.length > 0
    ? configured.map((department) => ({ ...department, categories: [...department.categories] }))
    : departmentsFromCategories(loadCategories(context));
}

const LABELS: Record<string, { vi: string; en: string }> = {
  'report.created': { vi: 'Tiếp nhận phản ánh', en: 'Report received' },
  'report.status': { vi: 'Đổi trạng thái', en: 'Status changed' },
  'report.rated': { vi: 'Người dân đánh giá', en: 'Citizen rated' },
  'report.moderated': { vi: 'Kiểm duyệt', en: 'Moderated' },
  'report.assigned': { vi: 'Giao xử lý', en: 'Assigned' },
  'report.accepted': { vi: 'Đơn vị tiếp nhận', en: 'Accepted' },
  'report.transferred': { vi: 'Chuyển đơn vị', en: 'Transferred' },
  'report.extension-requested': { vi: 'Xin gia hạn', en: 'Extension requested' },
  'report.extended': { vi: 'Gia hạn', en: 'Extension granted' },
  'report.responded': { vi: 'Trả lời kết quả', en: 'Responded' },
  'report.closed': { vi: 'Đóng phản ánh', en: 'Closed' },
  'report.merged': { vi: 'Gộp phản ánh trùng', en: 'Merged as duplicate' },
  'report.not-responsible': { vi: 'Không thuộc thẩm quyền', en: "Not the city's business" },
  'report.field-note': { vi: 'Ghi chú hiện trường', en: 'Field note' },
};

/** How the timeline names a step (the status event names its status). */
function timelineLabel(kind: string, status: ReportStatus): { vi: string; en: string } {
  if (kind === 'report.status') {
    const name = STATUS_NAMES[status];
    return { vi: `Chuyển sang: ${name.vi}`, en: `Now ${name.en}` };
  }
  return LABELS[kind] ?? { vi: kind, en: kind };
}

const toMs = (value: string | number) => (typeof value === 'number' ? value : Date.parse(value));

/** The bookkeeping of one report behind the running counts (never published). */
interface Account {
  report: Report;
  /** The cells this report counts in, fixed at creation (ward and category do not change). */
  cells: Cell[];
  publicCells: Cell[];
  createdDay: string;
  /** The local day it was (last) handled, or null. */
  handledDay: string | null;
  /** Time of its entry in the deadline queue that is current, or null when none is. */
  queuedAt: number | null;
  /** When it settles (leaves memory), or null while it is open. */
  settleAt: number | null;
  /** The tracking code's fingerprint it is found by, to forget it when it settles. */
  trackingHash: string | null;
}

interface WardCells {
  all: Cell;
  public: Cell;
}

/** A writer that keeps nothing: the fold of one report for the read side publishes nowhere. */
const NOWHERE: TopicWriter = { set() {}, upsert() {}, remove() {}, replace() {} };

export function createReportsAggregator(context: DomainContext): ReportsAggregator {
  const settleAfterMs = (context.reportsSettleAfterDays ?? DEFAULT_SETTLE_AFTER_DAYS) * DAY_MS;
  const categories = new Map(loadCategories(context).map((category) => [category.code, category]));
  const departments = new Map(loadDepartments(context).map((department) => [department.id, department]));
  const fallbackCategory: ReportCategory = {
    code: 'other',
    name: { vi: 'Khác', en: 'Other' },
    slaHours: 72,
    department: departmentOf(context, 'other', { vi: 'Văn phòng UBND', en: "Office of the People's Committee" }),
    sensitive: false,
  };
  const reports = new Map<string, Report>();
  /** Never published: tracking codes' hashes, and which reports hold which stored photo. */
  const byTrackingHash = new Map<string, Report>();
  const photoHolders = new Map<string, Set<Report>>();
  const holdPhotos = (report: Report, ids: readonly string[]) => {
    for (const id of ids) {
      let holders = photoHolders.get(id);
      if (!holders) photoHolders.set(id, (holders = new Set()));
      holders.add(report);
    }
  };
  const accounts = new Map<string, Account>();
  /** Photo → settled report, for the public photos of public settled reports only (see `settledPhotoHolder`). */
  const settledPhotos = new Map<string, string>();
  const { fixtures, timeZone } = context;
  const dayOf = cachedDayKeys(timeZone);
  let dirty = true;
  /** Bumped by every applied event, so cached public answers built from the reports go stale at once. */
  let version = 0;

  // The running counts.
  const city = emptyCell();
  const cityPublic = emptyCell();
  const wardCells = new Map<string, WardCells>(
    fixtures.wards.map((ward) => [ward.code, { all: emptyCell(), public: emptyCell() }]),
  );
  // The same reports by the pre-2025 wards and communes, for leaders comparing with old figures.
  const historicalCells = new Map<string, Cell>(fixtures.historicalWards.map((ward) => [ward.code, emptyCell()]));
  const unlocatedCell = emptyCell();
  const categoryCells = new Map<string, Cell>();
  const departmentCells = new Map<string, { name: ReportCategory['department']; cell: Cell }>();
  /**
   * The department a report counts for on the wall: the one it is assigned to, or, before
   * dispatch, the one its category names (the one it will most likely go to).
   */
  function departmentCellOf(report: Report): Cell {
    const assigned = report.department === null ? undefined : departments.get(report.department);
    const name = assigned ? { vi: assigned.name, en: assigned.nameEn } : report.category.department;
    let entry = departmentCells.get(name.vi);
    if (!entry) departmentCells.set(name.vi, (entry = { name, cell: emptyCell() }));
    return entry.cell;
  }
  /** The reports `reports.recent` shows, oldest first (see `recent-window.ts`), and their ids. */
  const recent: RecentEntry[] = [];
  const recentIds = new Set<string>();
  const byStatus: Partial<Record<ReportStatus, number>> = {};
  const days = new Map<string, DayCounts>();
  const deadlines = new DeadlineQueue<Account>();
  const settling = new DeadlineQueue<Account>();
  /** The latest event time applied: settlement follows the events' clock in `apply`, so a replay settles as the live system did. */
  let eventClock = -Infinity;

  /** A report not open settles `settleAfterMs` after its last change; any change starts the wait again. */
  function scheduleSettle(entry: Account, at: number): void {
    const next = isOpen(entry.report.status) ? null : at + settleAfterMs;
    if (next === entry.settleAt) return;
    entry.settleAt = next;
    if (next !== null) settling.push(next, entry);
  }

  /** Forgets the full record of every report settled by `now`; its counts stay where they are. */
  function settleDue(now: number): void {
    for (let due = settling.popDue(now); due; due = settling.popDue(now)) {
      const entry = due.item;
      if (entry.settleAt !== due.at) continue; // superseded by a later change
      // Closed, reopened and closed again at one moment queues the same time twice: settle once
      // (a restart rebuilds the queue with one entry an account, and must count as the live run did).
      entry.settleAt = null;
      const { report } = entry;
      reports.delete(report.id);
      accounts.delete(report.id);
      if (entry.trackingHash !== null && byTrackingHash.get(entry.trackingHash) === report)
        byTrackingHash.delete(entry.trackingHash);
      for (const photo of [...report.photos, ...(report.response?.photos ?? [])]) {
        const holders = photoHolders.get(photo);
        holders?.delete(report);
        if (holders?.size === 0) photoHolders.delete(photo);
      }
      // The same rule as the public photo route: a citizen's photo not hidden, or the response's.
      if (isPublicReport(report)) {
        if (!report.hidePhoto) for (const photo of report.photos) settledPhotos.set(photo, report.id);
        for (const photo of report.response?.photos ?? []) settledPhotos.set(photo, report.id);
      }
      version += 1;
    }
  }

  const dayCounts = (key: string) => {
    let counts = days.get(key);
    if (!counts) days.set(key, (counts = emptyDay()));
    return counts;
  };

  function contribution(report: Report): Contribution {
    return {
      open: isOpen(report.status),
      overdue: report.overdueShown,
      dueSoon: report.dueSoonShown,
      handled:
        report.handledAt === null
          ? null
          : {
              handlingMs: report.handledAt - report.createdAt,
              onTime: report.handledAt <= report.dueAt,
              // Late by the SLA but within an approved extension: counted apart from both on time and late.
              lateWithExtension: report.extendedDueAt !== null && report.handledAt <= report.extendedDueAt,
            },
      rating: report.rating,
    };
  }

  /** Adds (+1) or takes back (−1) everything the report counts for. */
  function account(entry: Account, sign: 1 | -1): void {
    const { report } = entry;
    const c = contribution(report);
    for (const cell of entry.cells) addTo(cell, c, sign);
    for (const cell of entry.publicCells) addTo(cell, c, sign);
    byStatus[report.status] = (byStatus[report.status] ?? 0) + sign;
    const isPublic = entry.publicCells.length > 0;
    const created = dayCounts(entry.createdDay);
    created.received += sign;
    if (isPublic) created.publicReceived += sign;
    if (entry.handledDay !== null) {
      const handled = dayCounts(entry.handledDay);
      handled.resolved += sign;
      if (isPublic) handled.publicResolved += sign;
    }
  }

  /** Sets the clock-dependent flags for `now` and queues the next time one of them flips. */
  function evaluate(entry: Account, now: number): void {
    const { report } = entry;
    report.overdueShown = isOpen(report.status) && now > deadlineOf(report);
    report.dueSoonShown = isDueSoon(report, now);
    let next: number | null = null;
    if (isOpen(report.status) && !report.overdueShown)
      next = report.dueSoonShown ? deadlineOf(report) + 1 : dueSoonFrom(report);
    if (next !== entry.queuedAt) {
      entry.queuedAt = next;
      if (next !== null) deadlines.push(next, entry);
    }
  }

  /** Applies a change to a report so that the counts follow: take back, change, add again. */
  function change(entry: Account, at: number, mutate: (report: Report) => void): void {
    account(entry, -1);
    mutate(entry.report);
    // Assigned or transferred: the report counts for the department that has it now.
    entry.cells[DEPARTMENT_CELL] = departmentCellOf(entry.report);
    const handledDay = entry.report.handledAt === null ? null : dayOf(entry.report.handledAt);
    entry.handledDay = handledDay;
    evaluate(entry, context.now());
    account(entry, 1);
    scheduleSettle(entry, at);
    dirty = true;
  }

  const item = (report: Report): ReportItem => {
    return {
      id: report.id,
      category: report.category.code,
      categoryName: report.category.name,
      ward: report.ward,
      wardName: wardNameOf(fixtures, report.ward),
      status: report.status,
      title: report.title,
      lat: report.lat,
      lon: report.lon,
      createdAt: report.createdAt,
      dueAt: report.dueAt,
      extendedDueAt: report.extendedDueAt,
      // The flags as counted, so the map and the numbers beside it always agree.
      overdue: report.overdueShown,
      dueSoon: report.dueSoonShown,
      description: report.description,
      address: report.address,
      photoUrl: report.photoUrl,
      attributes: report.attributes,
      publicTitle: report.publicTitle,
      private: report.private,
      department: report.department,
      departmentName:
        report.department === null ? null : (departments.get(report.department)?.name ?? report.department),
    };
  };

  const publicItem = (report: Report): PublicReportItem => {
    return {
      id: report.id,
      category: report.category.code,
      categoryName: report.category.name,
      ward: report.ward,
      wardName: wardNameOf(fixtures, report.ward),
      status: report.status,
      title: publicTextOf(report).text,
      date: dayOf(report.createdAt),
      lat: report.lat === null ? null : roundPlace(report.lat),
      lon: report.lon === null ? null : roundPlace(report.lon),
      // The official response, masked as every public text is; only ever on a public report.
      response: report.response === null ? null : maskPersonalData(report.response.text, RESPONSE_MAX).text,
    };
  };

  /** Appends a step to the report's record. */
  const record = (report: Report, event: StoredEvent, details: Partial<TimelineEntry> = {}) => {
    report.timeline.push({
      at: event.time,
      kind: event.kind,
      label: timelineLabel(event.kind, report.status),
      actor: event.source,
      status: report.status,
      ...details,
    });
  };
  const departmentDetails = (id: string) => ({ department: id, departmentName: departments.get(id)?.name ?? id });

  const publishItem = (report: Report, out: TopicWriter) => {
    if (recentIds.has(report.id)) out.upsert('reports.recent', [item(report)]);
    // The public list is computed here, on the server: it never sees the internal item.
    if (isPublicReport(report)) {
      report.publicShown = true;
      out.upsert('reports.public-recent', [publicItem(report)]);
    } else if (report.publicShown) {
      report.publicShown = false;
      out.remove('reports.public-recent', [report.id]);
    }
  };

  function create(event: StoredEvent, data: ReportCreated, out: TopicWriter): void {
    if (reports.has(data.reportId)) return; // a second "created" for a known id changes nothing
    const category = categories.get(data.category) ?? fallbackCategory;
    const point = data.lat === undefined || data.lon === undefined ? null : { lat: data.lat, lon: data.lon };
    const ward = point ? (fixtures.wardAt(point.lon, point.lat) ?? fixtures.nearestWard(point.lon, point.lat)) : null;
    const report: Report = {
      id: data.reportId,
      category,
      ward: ward?.code ?? UNLOCATED.code,
      title: data.title,
      lat: point?.lat ?? null,
      lon: point?.lon ?? null,
      createdAt: event.time,
      dueAt: event.time + category.slaHours * 3_600_000,
      extendedDueAt: null,
      status: 'new',
      handledAt: null,
      rating: null,
      overdueShown: false,
      dueSoonShown: false,
      history: [{ status: 'new', at: event.time, note: null }],
      description: data.description,
      address: data.address ?? null,
      photoUrl: data.photoUrl ?? null,
      photos: data.photos ?? [],
      attributes: data.attributes ?? {},
      publicTitle: null,
      hidePhoto: false,
      private: false,
      publicShown: false,
      department: null,
      publication: 'waiting',
      extensionRequest: null,
      response: null,
      duplicateOf: null,
      timeline: [],
    };
    record(report, event);
    let categoryCell = categoryCells.get(category.code);
    if (!categoryCell) categoryCells.set(category.code, (categoryCell = emptyCell()));
    const department = departmentCellOf(report);
    // Without a point: the city's totals and the bucket "place not yet known", no ward, old or new.
    const wardCell = ward ? wardCells.get(ward.code)! : null;
    const placeCells = point ? [historicalCells.get(fixtures.historicalWardAt(point.lon, point.lat).code)!] : [];
    const entry: Account = {
      report,
      cells: [city, wardCell?.all ?? unlocatedCell, categoryCell, department, ...placeCells],
      publicCells: category.sensitive ? [] : wardCell ? [cityPublic, wardCell.public] : [cityPublic],
      createdDay: dayOf(report.createdAt),
      handledDay: null,
      queuedAt: null,
      settleAt: null,
      trackingHash: data.reporter?.trackingCodeHash ?? null,
    };
    reports.set(report.id, report);
    accounts.set(report.id, entry);
    holdPhotos(report, report.photos);
    if (data.reporter?.trackingCodeHash) byTrackingHash.set(data.reporter.trackingCodeHash, report);
    evaluate(entry, context.now());
    account(entry, 1);
    dirty = true;
    const { entered, left } = enterRecent(recent, { id: report.id, createdAt: report.createdAt });
    if (entered) recentIds.add(report.id);
    if (left !== null) {
      recentIds.delete(left);
      out.remove('reports.recent', [left]);
    }
    publishItem(report, out);
  }

  /** The handling actions: each moves the status its rule says and leaves a step on the record. */
  function handle(event: StoredEvent, kind: HandlingKind, out: TopicWriter): void {
    const data = event.data as { reportId: string };
    const entry = accounts.get(data.reportId);
    // As for status moves: what the lifecycle does not allow is stored but changes nothing.
    if (!entry || handlingRefusal(kind, entry.report.status) !== null) return;
    const to = HANDLING[kind].to;
    change(entry, event.time, (report) => {
      if (to !== null && to !== report.status) {
        if (isHandled(to) && !isHandled(report.status)) report.handledAt = event.time;
        if (isOpen(to)) report.handledAt = null;
        report.status = to;
      }
      if (to !== null) report.history.push({ status: to, at: event.time, note: null });
      record(report, event, details(kind, event.data, report, event.time));
    });
    publishItem(entry.report, out);
  }

  /** What each action changes on the report beside its status, and what its step on the record shows. */
  function details(kind: HandlingKind, data: unknown, report: Report, at: number): Partial<TimelineEntry> {
    switch (kind) {
      case 'report.assigned': {
        const { department, note } = data as ReportAssigned;
        report.department = department;
        return { ...departmentDetails(department), ...(note ? { text: note } : {}) };
      }
      case 'report.transferred': {
        const { department, reason } = data as ReportTransferred;
        report.department = department;
        report.extensionRequest = null;
        return { ...departmentDetails(department), text: reason };
      }
      case 'report.extension-requested': {
        const { newDueAt, reason } = data as ReportExtensionRequested;
        report.extensionRequest = { newDueAt: toMs(newDueAt), reason, at };
        return { newDueAt: toMs(newDueAt), text: reason };
      }
      case 'report.responded': {
        const { text, photoUrls = [], photos = [] } = data as ReportResponded;
        report.response = { text, photoUrls, photos, at };
        holdPhotos(report, photos);
        return { text, photoUrls };
      }
      case 'report.merged': {
        const { duplicateOf } = data as ReportMerged;
        report.duplicateOf = duplicateOf;
        return { duplicateOf };
      }
      case 'report.not-responsible':
        return { text: (data as ReportNotResponsible).reason };
      case 'report.field-note': {
        const { text, photoUrls } = data as ReportFieldNote;
        return { text, ...(photoUrls ? { photoUrls } : {}) };
      }
      default: {
        const note = (data as { note?: string }).note;
        return note ? { text: note } : {};
      }
    }
  }

  function apply(event: StoredEvent, out: TopicWriter): void {
    version += 1;
    // Settle by the events' own clock first: an event the live system refused as archived was
    // never stored, and one it accepted came before the report settled, so a replay agrees.
    if (event.time > eventClock) {
      eventClock = event.time;
      settleDue(eventClock);
    }
    switch (event.kind) {
      case 'report.created':
        create(event, event.data as ReportCreated, out);
        return;
      case 'report.status': {
        const data = event.data as ReportStatusChanged;
        const entry = accounts.get(data.reportId);
        // Unknown reports and impossible moves are kept in the store but change no indicator.
        if (!entry || !canMove(entry.report.status, data.status)) return;
        change(entry, event.time, (report) => {
          if (isHandled(data.status) && !isHandled(report.status)) report.handledAt = event.time;
          if (isOpen(data.status)) report.handledAt = null; // reopened
          report.status = data.status;
          // A feed key may not publish (the guard refuses it now), but events stored before the
          // guard existed replay: such an approval moves the handling on, the report still waits
          // for a moderator before the public sees it.
          const byKey = data.status === 'approved' && event.source.startsWith('key:');
          report.history.push({
            status: data.status,
            at: event.time,
            note: data.note ?? null,
            ...(byKey ? { byKey } : {}),
          });
          if (data.status === 'approved' && !byKey) report.publication = 'approved';
          if (data.status === 'rejected') report.publication = 'rejected';
          if (data.department !== undefined && departments.has(data.department)) report.department = data.department;
          record(report, event, data.note ? { text: data.note } : {});
        });
        publishItem(entry.report, out);
        return;
      }
      case 'report.rated': {
        const data = event.data as ReportRated;
        const entry = accounts.get(data.reportId);
        if (!entry || !isHandled(entry.report.status)) return;
        change(entry, event.time, (report) => {
          report.rating = { satisfied: data.satisfied, score: data.score };
          if (report.status === 'resolved') {
            report.status = 'rated';
            report.history.push({ status: 'rated', at: event.time, note: null });
          }
          // The citizen's comment is for the city: on the internal record only.
          record(report, event, data.comment ? { text: data.comment } : {});
        });
        publishItem(entry.report, out);
        return;
      }
      case 'report.extended': {
        const data = event.data as ReportExtended;
        const entry = accounts.get(data.reportId);
        // Only an open report has a deadline to move (the door refuses the rest; a replay must agree).
        if (!entry || handlingRefusal('report.extended', entry.report.status) !== null) return;
        change(entry, event.time, (report) => {
          report.extendedDueAt = toMs(data.newDueAt);
          report.extensionRequest = null;
          report.history.push({ status: report.status, at: event.time, note: data.note ?? 'gia hạn / extension' });
          record(report, event, { newDueAt: report.extendedDueAt, ...(data.note ? { text: data.note } : {}) });
        });
        publishItem(entry.report, out);
        return;
      }
      case 'report.moderated': {
        const data = event.data as ReportModerated;
        const entry = accounts.get(data.reportId);
        if (!entry) return;
        const { report } = entry;
        scheduleSettle(entry, event.time);
        // Moderation changes what the public list shows, not any count.
        if (data.publicTitle !== undefined) report.publicTitle = data.publicTitle;
        if (data.hidePhoto !== undefined) report.hidePhoto = data.hidePhoto;
        if (data.private !== undefined) report.private = data.private;
        if (data.publication !== undefined) report.publication = data.publication;
        record(report, event);
        publishItem(report, out);
        return;
      }
      default:
        if (isHandlingKind(event.kind)) handle(event, event.kind, out);
        return;
    }
  }

  function summaries(now: number): {
    summary: ReportSummary;
    publicSummary: PublicReportSummary;
    daily: ReportDaily;
    history: ReportDaily;
  } {
    const today = days.get(dayKey(now, timeZone)) ?? emptyDay();
    const wardCount = (ward: Ward, cell: Cell): WardCount => ({
      ward: ward.code,
      name: ward.fullName,
      received: cell.received,
      open: cell.open,
      overdue: cell.overdue,
      onTimeRate: rate(cell.onTime, cell.handled),
    });
    const byWard: WardCount[] = fixtures.wards.map((ward) => wardCount(ward, wardCells.get(ward.code)!.all));
    const byWardHistorical: WardCount[] = fixtures.historicalWards.map((ward) =>
      wardCount(ward, historicalCells.get(ward.code)!),
    );
    const summary: ReportSummary = {
      total: city.received,
      receivedToday: today.received,
      open: city.open,
      overdue: city.overdue,
      dueSoon: city.dueSoon,
      lateWithExtension: city.lateWithExtension,
      resolvedToday: today.resolved,
      onTimeRate: rate(city.onTime, city.handled),
      satisfactionRate: rate(city.satisfied, city.ratings),
      averageHandlingHours:
        city.handled === 0 ? null : Math.round((city.handlingMs / city.handled / 3_600_000) * 10) / 10,
      byStatus: Object.fromEntries(Object.entries(byStatus).filter(([, count]) => count > 0)),
      byWard,
      byWardHistorical,
      placeUnknown: {
        ward: UNLOCATED.code,
        name: `${UNLOCATED.name.vi} / ${UNLOCATED.name.en}`,
        received: unlocatedCell.received,
        open: unlocatedCell.open,
        overdue: unlocatedCell.overdue,
        onTimeRate: rate(unlocatedCell.onTime, unlocatedCell.handled),
      },
      byCategory: [...categoryCells]
        .map(([code, cell]) => ({
          category: code,
          name: (categories.get(code) ?? fallbackCategory).name,
          count: cell.received,
          open: cell.open,
          overdue: cell.overdue,
          onTimeRate: rate(cell.onTime, cell.handled),
        }))
        .sort((a, b) => b.count - a.count),
      byDepartment: [...departmentCells]
        .map(([key, { name, cell }]) => ({
          department: key,
          name,
          received: cell.received,
          open: cell.open,
          overdue: cell.overdue,
          onTimeRate: rate(cell.onTime, cell.handled),
        }))
        .sort((a, b) => b.overdue - a.overdue || b.open - a.open),
    };
    const publicSummary: PublicReportSummary = {
      receivedToday: today.publicReceived,
      resolvedToday: today.publicResolved,
      open: cityPublic.open,
      onTimeRate: cityPublic.handled < PUBLIC_MIN_CELL ? null : rate(cityPublic.onTime, cityPublic.handled),
      satisfactionRate: cityPublic.ratings < PUBLIC_MIN_CELL ? null : rate(cityPublic.satisfied, cityPublic.ratings),
      byWard: fixtures.wards.map((ward) => {
        const cell = wardCells.get(ward.code)!.public;
        return {
          ward: ward.code,
          name: ward.fullName,
          received: cell.received < PUBLIC_MIN_CELL ? null : cell.received,
          onTimeRate: cell.handled < PUBLIC_MIN_CELL ? null : rate(cell.onTime, cell.handled),
        };
      }),
    };
    const dayRow = (date: string) => {
      const counts = days.get(date);
      return { date, received: counts?.received ?? 0, resolved: counts?.resolved ?? 0 };
    };
    const daily: ReportDaily = { days: lastDays(now, DAILY_DAYS, timeZone).map(dayRow) };
    // Days before the first one the store knows are no days of zero reports, just no data: left
    // out, so that a baseline over them says "too little history" instead of a false usual of 0.
    let firstDay: string | null = null;
    for (const key of days.keys()) if (firstDay === null || key < firstDay) firstDay = key;
    const history: ReportDaily = {
      days: lastDays(now, HISTORY_DAYS, timeZone)
        .filter((date) => firstDay !== null && date >= firstDay)
        .map(dayRow),
    };
    return { summary, publicSummary, daily, history };
  }

  function publishSummaries(now: number, out: TopicWriter): void {
    dirty = false;
    const { summary, publicSummary, daily, history } = summaries(now);
    out.set('reports.summary', summary);
    out.set('reports.public-summary', publicSummary);
    out.set('reports.daily', daily);
    out.set('reports.history', history);
  }

  /**
   * An event on a report not held: none was ever created, or it settled (archived, no longer
   * changeable: its counts are final). Telling them apart would need the store; the aggregator
   * does no I/O, so the answer names both.
   */
  function unknownReport(reportId: string): Omit<StateConflict, 'index'> {
    return {
      field: 'reportId',
      en: `no report ${reportId}, or the report is archived (settled ${settleAfterMs / DAY_MS} days after its last change) and can no longer change`,
      vi: `không có phản ánh ${reportId}, hoặc phản ánh đã lưu trữ (quá ${settleAfterMs / DAY_MS} ngày sau lần thay đổi cuối) và không thể thay đổi nữa`,
    };
  }

  /** Why a handling action cannot apply (the field at fault, in vi and en), or null. */
  function handlingConflict(
    kind: HandlingKind,
    data: unknown,
    statusOf: (id: string) => ReportStatus | undefined,
  ): Omit<StateConflict, 'index'> | null {
    const { reportId } = data as { reportId: string };
    const current = statusOf(reportId);
    if (!current) return unknownReport(reportId);
    const refusal = handlingRefusal(kind, current);
    if (refusal) return { field: 'reportId', ...refusal };
    const report = reports.get(reportId);
    if (kind === 'report.assigned' || kind === 'report.transferred') {
      const { department } = data as ReportAssigned;
      if (!departments.has(department)) {
        const known = [...departments.keys()].join(', ');
        return {
          field: 'department',
          en: `no department "${department}" (known: ${known})`,
          vi: `không có đơn vị "${department}" (có: ${known})`,
        };
      }
      if (kind === 'report.transferred' && report?.department === department) {
        return {
          field: 'department',
          en: 'is already the department handling it: transfer to another one',
          vi: 'là đơn vị đang xử lý: hãy chuyển cho đơn vị khác',
        };
      }
    }
    if (kind === 'report.merged') {
      const { duplicateOf } = data as ReportMerged;
      const original = statusOf(duplicateOf);
      if (duplicateOf === reportId)
        return {
          field: 'duplicateOf',
          en: 'a report cannot duplicate itself',
          vi: 'phản ánh không thể trùng với chính nó',
        };
      if (!original)
        return { field: 'duplicateOf', en: `no report ${duplicateOf}`, vi: `không có phản ánh ${duplicateOf}` };
      if (original === 'duplicate' || original === 'rejected') {
        return {
          field: 'duplicateOf',
          en: `report ${duplicateOf} is ${original}: merge into the original one`,
          vi: `phản ánh ${duplicateOf} đã ${STATUS_NAMES[original].vi}: hãy gộp vào phản ánh gốc`,
        };
      }
    }
    if (kind === 'report.extension-requested' && report) {
      const until = toMs((data as ReportExtensionRequested).newDueAt);
      if (!(until > deadlineOf(report)))
        return { field: 'newDueAt', en: 'must be later than the current deadline', vi: 'phải sau hạn xử lý hiện tại' };
    }
    return null;
  }

  /** A report says where: its point (both coordinates), its address, or both. */
  function placeConflict(data: ReportCreated): Omit<StateConflict, 'index'> | null {
    if ((data.lat === undefined) !== (data.lon === undefined))
      return {
        field: data.lat === undefined ? 'lat' : 'lon',
        en: 'lat and lon go together: give both or neither',
        vi: 'vĩ độ và kinh độ đi cùng nhau: cho cả hai hoặc không cho',
      };
    if (data.lat === undefined && !data.address?.trim())
      return {
        field: 'address',
        en: 'required when there is no point (lat, lon): say where it is',
        vi: 'bắt buộc khi không có tọa độ (lat, lon): cho biết địa điểm',
      };
    return null;
  }

  /** Lifecycle rules at the door: an impossible move is refused with what would be allowed. */
  function check(events: ReadonlyArray<{ kind: string; data: unknown }>): StateConflict | null {
    // The statuses as they will be once the earlier events of this request apply.
    const pending = new Map<string, ReportStatus>();
    const statusOf = (id: string) => pending.get(id) ?? reports.get(id)?.status;
    for (let index = 0; index < events.length; index++) {
      const { kind, data } = events[index]!;
      if (kind === 'report.created') {
        const created = data as ReportCreated;
        const place = placeConflict(created);
        if (place) return { index, ...place };
        if (!statusOf(created.reportId)) pending.set(created.reportId, 'new');
      } else if (kind === 'report.status') {
        const { reportId, status } = data as ReportStatusChanged;
        const current = statusOf(reportId);
        if (!current) return { index, ...unknownReport(reportId) };
        if (!canMove(current, status)) {
          const allowed = nextStatuses(current).join(', ') || 'none (final)';
          return {
            index,
            field: 'status',
            en: `cannot go from ${current} to ${status} (allowed: ${allowed})`,
            vi: `không thể chuyển từ ${current} sang ${status} (được phép: ${allowed})`,
          };
        }
        pending.set(reportId, status);
      } else if (kind === 'report.rated') {
        const { reportId } = data as ReportRated;
        const current = statusOf(reportId);
        if (!current) return { index, ...unknownReport(reportId) };
        if (!isHandled(current)) {
          return {
            index,
            field: 'reportId',
            en: `report ${reportId} is ${current}: only a handled report can be rated`,
            vi: `phản ánh ${reportId} đang ở trạng thái ${current}: chỉ đánh giá được khi đã xử lý`,
          };
        }
        if (current === 'resolved') pending.set(reportId, 'rated');
      } else if (kind === 'report.extended') {
        const { reportId, newDueAt } = data as ReportExtended;
        const report = reports.get(reportId);
        const current = statusOf(reportId);
        if (!current) return { index, ...unknownReport(reportId) };
        if (!isOpen(current))
          return {
            index,
            field: 'reportId',
            en: `report ${reportId} is ${current}: only an open report can be extended`,
            vi: `phản ánh ${reportId} đã ${current}: chỉ gia hạn được phản ánh đang xử lý`,
          };
        const until = typeof newDueAt === 'number' ? newDueAt : Date.parse(newDueAt);
        if (report && until <= deadlineOf(report))
          return {
            index,
            field: 'newDueAt',
            en: 'must be later than the current deadline',
            vi: 'phải sau hạn xử lý hiện tại',
          };
      } else if (kind !== 'report.extended' && isHandlingKind(kind)) {
        const conflict = handlingConflict(kind, data, statusOf);
        if (conflict) return { index, ...conflict };
        const to = HANDLING[kind].to;
        if (to !== null) pending.set((data as { reportId: string }).reportId, to);
      } else if (kind === 'report.moderated') {
        const { reportId } = data as ReportModerated;
        if (!statusOf(reportId)) return { index, ...unknownReport(reportId) };
      }
    }
    return null;
  }

  const snapshot = closureSnapshot(
    // 2: settled reports leave `reports` and `accounts`; an account knows when it settles.
    // 3: `recent`, the reports `reports.recent` shows (the hub's limit chose them before).
    3,
    () => ({
      reports,
      byTrackingHash,
      photoHolders,
      settledPhotos,
      accounts,
      dirty,
      version,
      city,
      cityPublic,
      wardCells,
      historicalCells,
      unlocatedCell,
      categoryCells,
      departmentCells,
      byStatus,
      days,
      eventClock,
      recent,
    }),
    (state) => {
      ({ dirty, version, eventClock } = state);
      recentIds.clear();
      for (const { id } of recent) recentIds.add(id);
      // The queue is rebuilt from the accounts' current entries: its superseded ones were skipped anyway.
      for (const entry of accounts.values()) {
        if (entry.queuedAt !== null) deadlines.push(entry.queuedAt, entry);
        if (entry.settleAt !== null) settling.push(entry.settleAt, entry);
      }
    },
  );

  return {
    snapshot,
    readModel: {
      get: (id) => reports.get(id),
      all: () => reports.values(),
      version: () => version,
      byTrackingCodeHash: (hash) => byTrackingHash.get(hash),
      withPhoto: (photoId) => [...(photoHolders.get(photoId) ?? [])],
      settledPhotoHolder: (photoId) => settledPhotos.get(photoId),
      rebuild(id, events) {
        // The same fold on a fresh aggregator that never settles, on the events' own clock.
        const clock = { now: events.at(-1)?.time ?? 0 };
        const single = createReportsAggregator({ ...context, now: () => clock.now, reportsSettleAfterDays: Infinity });
        for (const event of events) single.apply(event, NOWHERE);
        return single.readModel.get(id);
      },
    },
    check,
    apply,
    flush(out) {
      if (dirty) publishSummaries(context.now(), out);
    },
    tick(now, out) {
      settleDue(now);
      // Deadlines pass without any event: flip the flags that are due, and count them again.
      const changed = new Map<string, ReportItem>();
      for (let due = deadlines.popDue(now); due; due = deadlines.popDue(now)) {
        const entry = due.item;
        if (entry.queuedAt !== due.at) continue; // superseded by a later change of the report
        entry.queuedAt = null;
        account(entry, -1);
        evaluate(entry, now);
        account(entry, 1);
        if (recentIds.has(entry.report.id)) changed.set(entry.report.id, item(entry.report));
      }
      if (changed.size > 0) out.upsert('reports.recent', [...changed.values()]);
      // Always: "today" and the 14 days move at local midnight without any event.
      publishSummaries(now, out);
    },
  };
}
