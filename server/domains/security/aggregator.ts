/**
 * Security and public order: the open and recent incidents on the operators' map, live counts by
 * day, month, kind and ward against the same period last year, and a public summary of
 * city-wide trends only. Counts come from incidents and, for the days before incident-level data,
 * from the police's daily statistics. Memory is bounded by time: counts per day and per month for
 * 14 months, a small record per incident and per day of statistics of those months (so that a late
 * update or a correction finds it), and at most 200 points on the map.
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { Aggregator, DomainContext, StateConflict, StoredEvent, TopicWriter } from '../domain';
import type {
  Breakdown,
  BreakdownRow,
  LocalizedText,
  MapPoint,
  PublicSecuritySummary,
  SecuritySummary,
  Series,
  Tone,
} from '../../protocol/topics';
import type { Ward } from '../../fixtures/fixtures';
import {
  addMonths,
  dayKey,
  daysInMonth,
  lastDays,
  monthKey,
  monthsEndingWith,
  startOfDay,
  zoneOffsetMs,
} from '../calendar';
import {
  KIND_KEYS,
  SECURITY_KINDS,
  SEVERITIES,
  STATUS_ORDER,
  STATUSES,
  type SecurityDailyStats,
  type SecurityIncident,
  type SecurityIncidentUpdated,
  type SecurityKind,
  type SecuritySeverity,
  type SecurityStatus,
} from './schema';
import { publishableRows } from './suppression';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** What leaves the map: incidents older than a week, and closed ones a day after closing. */
const MAP_MAX_AGE_MS = 7 * DAY;
const MAP_CLOSED_FOR_MS = DAY;
export const MAP_LIMIT = 200;
/** Months kept: this one and the 13 before (the public summary compares last month with a year before it on the 1st). */
const KEPT_MONTHS = 14;
const DAILY_DAYS = 30;
const MONTHLY_MONTHS = 12;
/** A source clock a little ahead is tolerated; an incident further in the future is refused. */
const FUTURE_TOLERANCE_MS = 10 * MINUTE;
/** Points given by coordinates this far outside the city's wards (degrees, about 1 km) still go to the nearest ward. */
const NEAR_CITY_DEG = 0.01;

const INCIDENTS: LocalizedText = { vi: 'vụ', en: 'incidents' };
const SEVERITY_VALUE: Record<SecuritySeverity, number> = { minor: 1, serious: 2, critical: 3 };
const rank = (status: SecurityStatus) => STATUS_ORDER.indexOf(status);
const isOpen = (status: SecurityStatus) => status === 'reported' || status === 'handling';

interface Incident {
  id: string;
  kind: SecurityKind;
  severity: SecuritySeverity;
  status: SecurityStatus;
  ward: Ward;
  lon: number;
  lat: number;
  /** Placed in its ward by the ward alone (no coordinates given). */
  approximate: boolean;
  place: string | null;
  occurredAt: number;
  day: string;
  month: string;
  closedAt: number | null;
}

interface Counts {
  total: number;
  byKind: Record<SecurityKind, number>;
}
interface MonthCounts extends Counts {
  byWard: Map<string, number>;
}

const emptyCounts = (): Counts => ({
  total: 0,
  byKind: Object.fromEntries(KIND_KEYS.map((kind) => [kind, 0])) as Record<SecurityKind, number>,
});
const timeOf = (value: string | number) => (typeof value === 'number' ? value : Date.parse(value));
const change = (now: number, before: number) =>
  before === 0 ? null : Math.round(((now - before) / before) * 10_000) / 10_000;

/** A few hundred metres around the ward's centre, the same for the same id: ward-only incidents do not stack on one dot. */
function nearCentre(ward: Ward, id: string): [number, number] {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  const angle = ((hash >>> 0) % 360) * (Math.PI / 180);
  const radius = 0.0005 + (((hash >>> 9) % 1000) / 1000) * 0.0015;
  return [
    Number((ward.centre[0] + radius * Math.cos(angle)).toFixed(5)),
    Number((ward.centre[1] + radius * Math.sin(angle)).toFixed(5)),
  ];
}

/** What the aggregator holds, for the test that memory stays bounded. */
export interface SecurityRetained {
  incidents: number;
  days: number;
  months: number;
  statsDays: number;
}

export function createSecurityAggregator(context: DomainContext): Aggregator & { retained(): SecurityRetained } {
  const { fixtures, timeZone } = context;
  const incidents = new Map<string, Incident>();
  const days = new Map<string, Counts>();
  const months = new Map<string, MonthCounts>();
  /** Each day's statistics as last sent: a second send replaces the first. */
  const stats = new Map<string, SecurityDailyStats['counts']>();
  /** The incidents on the map, with when they occurred (the oldest goes first past the limit). */
  const onMap = new Map<string, number>();
  let open = 0;
  let dirty = true;
  let today = '';

  const cityBox = fixtures.wards.reduce<[number, number, number, number]>(
    (box, ward) => [
      Math.min(box[0], ward.bbox[0]),
      Math.min(box[1], ward.bbox[1]),
      Math.max(box[2], ward.bbox[2]),
      Math.max(box[3], ward.bbox[3]),
    ],
    [Infinity, Infinity, -Infinity, -Infinity],
  );

  const nearCity = (lon: number, lat: number) =>
    lon >= cityBox[0] - NEAR_CITY_DEG &&
    lon <= cityBox[2] + NEAR_CITY_DEG &&
    lat >= cityBox[1] - NEAR_CITY_DEG &&
    lat <= cityBox[3] + NEAR_CITY_DEG;

  function wardOf(data: SecurityIncident): Ward | null {
    // A feed may still send a pre-2025 code: it counts under today's ward (config/units.yaml).
    if (data.ward !== undefined)
      return fixtures.currentWard(data.ward, dayKey(timeOf(data.occurredAt), timeZone)) ?? null;
    if (data.lon === undefined || data.lat === undefined) return null;
    return (
      fixtures.wardAt(data.lon, data.lat) ??
      (nearCity(data.lon, data.lat) ? fixtures.nearestWard(data.lon, data.lat) : null)
    );
  }

  const oldestMonth = (now: number) => addMonths(monthKey(now, timeZone), -(KEPT_MONTHS - 1));

  function add(dayKeyOf: string, kind: SecurityKind, ward: string, n: number): void {
    let day = days.get(dayKeyOf);
    if (!day) days.set(dayKeyOf, (day = emptyCounts()));
    day.total += n;
    day.byKind[kind] += n;
    const monthKeyOf = dayKeyOf.slice(0, 7);
    let month = months.get(monthKeyOf);
    if (!month) months.set(monthKeyOf, (month = { ...emptyCounts(), byWard: new Map() }));
    month.total += n;
    month.byKind[kind] += n;
    month.byWard.set(ward, (month.byWard.get(ward) ?? 0) + n);
  }

  function count(incident: Incident, sign: 1 | -1): void {
    add(incident.day, incident.kind, incident.ward.code, sign);
    if (isOpen(incident.status)) open += sign;
  }

  function countStats(day: string, counts: SecurityDailyStats['counts'], sign: 1 | -1): void {
    for (const entry of counts)
      add(day, entry.kind, fixtures.currentWard(entry.ward, day)?.code ?? entry.ward, sign * entry.count);
  }

  /* ---- the map */

  const localTime = (ms: number) => {
    const local = new Date(ms + zoneOffsetMs(ms, timeZone));
    const two = (n: number) => String(n).padStart(2, '0');
    return `${two(local.getUTCHours())}:${two(local.getUTCMinutes())} ${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}`;
  };

  function point(incident: Incident): MapPoint {
    const kind = SECURITY_KINDS[incident.kind];
    const tone: Tone = !isOpen(incident.status) ? 'good' : incident.severity === 'minor' ? 'fair' : 'bad';
    const when = localTime(incident.occurredAt);
    const severity = SEVERITIES[incident.severity];
    const status = STATUSES[incident.status];
    return {
      id: incident.id,
      lon: incident.lon,
      lat: incident.lat,
      label: incident.place
        ? { vi: `${kind.vi} – ${incident.place}`, en: `${kind.en} – ${incident.place}` }
        : { vi: kind.vi, en: kind.en },
      kind: incident.kind,
      kindName: { vi: kind.vi, en: kind.en },
      tone,
      value: SEVERITY_VALUE[incident.severity],
      detail: {
        vi: `${incident.ward.fullName} · ${when} · ${severity.vi} · ${status.vi}${incident.approximate ? ' · vị trí gần đúng' : ''}`,
        en: `${incident.ward.nameEn} · ${when} · ${severity.en} · ${status.en}${incident.approximate ? ' · approximate place' : ''}`,
      },
    };
  }

  const belongsOnMap = (incident: Incident, now: number) =>
    incident.occurredAt >= now - MAP_MAX_AGE_MS &&
    !(incident.closedAt !== null && incident.closedAt < now - MAP_CLOSED_FOR_MS);

  function takeOffMap(ids: string[], out: TopicWriter): void {
    const gone = ids.filter((id) => onMap.delete(id));
    if (gone.length > 0) out.remove('security.incidents', gone);
  }

  function showOnMap(incident: Incident, now: number, out: TopicWriter): void {
    if (!belongsOnMap(incident, now)) return takeOffMap([incident.id], out);
    if (!onMap.has(incident.id) && onMap.size >= MAP_LIMIT) {
      // Full: the oldest incident makes room, unless this one is older still.
      let oldest: [string, number] | null = null;
      for (const entry of onMap) if (!oldest || entry[1] < oldest[1]) oldest = entry;
      if (oldest && oldest[1] > incident.occurredAt) return;
      if (oldest) takeOffMap([oldest[0]], out);
    }
    onMap.set(incident.id, incident.occurredAt);
    out.upsert('security.incidents', [point(incident)]);
  }

  /* ---- events */

  function applyIncident(event: StoredEvent, out: TopicWriter): void {
    const data = event.data as SecurityIncident;
    const now = context.now();
    // Stored before a change of the ward layer, say: nothing to count it against.
    const ward = wardOf(data);
    if (!ward) return;
    const before = incidents.get(data.incidentId);
    if (before) count(before, -1);
    const occurredAt = Math.min(timeOf(data.occurredAt), event.time);
    const status = data.status ?? before?.status ?? 'reported';
    const [lon, lat] =
      data.lon !== undefined && data.lat !== undefined ? [data.lon, data.lat] : nearCentre(ward, data.incidentId);
    const incident: Incident = {
      id: data.incidentId,
      kind: data.kind,
      severity: data.severity,
      status,
      ward,
      lon,
      lat,
      approximate: data.lon === undefined,
      place: data.place ?? null,
      occurredAt,
      day: dayKey(occurredAt, timeZone),
      month: monthKey(occurredAt, timeZone),
      closedAt: status === 'closed' ? (before?.closedAt ?? event.time) : null,
    };
    dirty = true;
    if (incident.month < oldestMonth(now)) {
      incidents.delete(incident.id);
      return takeOffMap([incident.id], out);
    }
    incidents.set(incident.id, incident);
    count(incident, 1);
    showOnMap(incident, now, out);
  }

  function applyUpdate(event: StoredEvent, out: TopicWriter): void {
    const data = event.data as SecurityIncidentUpdated;
    const incident = incidents.get(data.incidentId);
    if (!incident) return;
    if (isOpen(incident.status)) open--;
    incident.status = data.status;
    if (isOpen(incident.status)) open++;
    if (data.status === 'closed') incident.closedAt ??= event.time;
    dirty = true;
    showOnMap(incident, context.now(), out);
  }

  function applyStats(event: StoredEvent): void {
    const { day, counts } = event.data as SecurityDailyStats;
    const before = stats.get(day);
    if (before) countStats(day, before, -1);
    stats.delete(day);
    dirty = true;
    if (day.slice(0, 7) < oldestMonth(context.now())) return;
    stats.set(day, counts);
    countStats(day, counts, 1);
  }

  /** Refuses places outside the city, times in the future and lifecycle moves backwards. */
  function check(events: ReadonlyArray<{ kind: string; data: unknown }>): StateConflict | null {
    const pending = new Map<string, SecurityStatus>();
    const statusOf = (id: string) => pending.get(id) ?? incidents.get(id)?.status;
    const now = context.now();
    for (let index = 0; index < events.length; index++) {
      const { kind, data } = events[index]!;
      if (kind === 'security.incident') {
        const incident = data as SecurityIncident;
        if (
          incident.ward !== undefined &&
          !fixtures.currentWard(incident.ward, dayKey(timeOf(incident.occurredAt), timeZone))
        ) {
          const known = fixtures.wards.map((ward) => ward.code).join(', ');
          return {
            index,
            field: 'ward',
            en: `unknown ward code ${incident.ward} (known: ${known})`,
            vi: `không có phường, xã mã ${incident.ward} (có: ${known})`,
          };
        }
        // Coordinates far away are a mistake (swapped, or 0,0) even when a ward is given.
        if (
          !wardOf(incident) ||
          (incident.lon !== undefined && incident.lat !== undefined && !nearCity(incident.lon, incident.lat))
        ) {
          return {
            index,
            field: 'lon',
            en: 'the place is outside the city: give a ward code or coordinates inside it',
            vi: 'vị trí nằm ngoài thành phố: hãy gửi mã phường, xã hoặc tọa độ trong thành phố',
          };
        }
        if (timeOf(incident.occurredAt) > now + FUTURE_TOLERANCE_MS) {
          return { index, field: 'occurredAt', en: 'is in the future', vi: 'là thời điểm trong tương lai' };
        }
        const current = statusOf(incident.incidentId);
        const status = incident.status ?? current ?? 'reported';
        if (current && rank(status) < rank(current)) {
          return {
            index,
            field: 'status',
            en: `incident ${incident.incidentId} is already ${current}: a status never goes back`,
            vi: `vụ việc ${incident.incidentId} đã ở trạng thái ${current}: không thể quay lại trạng thái trước`,
          };
        }
        pending.set(incident.incidentId, status);
      } else if (kind === 'security.incident-updated') {
        const { incidentId, status } = data as SecurityIncidentUpdated;
        const current = statusOf(incidentId);
        if (!current)
          return {
            index,
            field: 'incidentId',
            en: `no incident ${incidentId} in the last ${KEPT_MONTHS} months`,
            vi: `không có vụ việc ${incidentId} trong ${KEPT_MONTHS} tháng gần đây`,
          };
        if (rank(status) <= rank(current)) {
          const allowed = STATUS_ORDER.slice(rank(current) + 1).join(', ') || 'none (closed)';
          return {
            index,
            field: 'status',
            en: `cannot go from ${current} to ${status} (allowed: ${allowed})`,
            vi: `không thể chuyển từ ${current} sang ${status} (được phép: ${allowed})`,
          };
        }
        pending.set(incidentId, status);
      } else if (kind === 'security.daily-stats') {
        const { day, counts } = data as SecurityDailyStats;
        if (new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)
          return { index, field: 'day', en: 'is not a date', vi: 'không phải là ngày có thật' };
        if (day > dayKey(now, timeZone))
          return { index, field: 'day', en: 'is in the future', vi: 'là ngày trong tương lai' };
        const unknown = counts.findIndex((entry) => !fixtures.currentWard(entry.ward, day));
        if (unknown >= 0) {
          return {
            index,
            field: `counts[${unknown}].ward`,
            en: `unknown ward code ${counts[unknown]!.ward}`,
            vi: `không có phường, xã mã ${counts[unknown]!.ward}`,
          };
        }
      }
    }
    return null;
  }

  /* ---- summaries */

  const series = (xKind: 'day' | 'month', x: string[], values: number[]): Series => ({
    unit: INCIDENTS,
    format: 'number',
    xKind,
    x,
    lines: [{ key: 'incidents', label: { vi: 'Số vụ', en: 'Incidents' }, values }],
  });
  const breakdown = (rows: BreakdownRow[]): Breakdown => ({
    unit: INCIDENTS,
    format: 'number',
    higherIsBetter: false,
    rows,
  });
  const kindRows = (byKind: Record<SecurityKind, number>): BreakdownRow[] =>
    KIND_KEYS.map((kind) => ({
      key: kind,
      label: { vi: SECURITY_KINDS[kind].vi, en: SECURITY_KINDS[kind].en },
      value: byKind[kind],
    }));

  /** Counts of days 1..`lastDay` of a month (a day past the month's end counts as its last day). */
  function daysOf(month: string, lastDay: number): Counts {
    const sum = emptyCounts();
    const until = Math.min(lastDay, daysInMonth(month));
    for (let d = 1; d <= until; d++) {
      const counts = days.get(`${month}-${String(d).padStart(2, '0')}`);
      if (!counts) continue;
      sum.total += counts.total;
      for (const kind of KIND_KEYS) sum.byKind[kind] += counts.byKind[kind];
    }
    return sum;
  }

  function internalSummary(now: number): SecuritySummary {
    const month = monthKey(now, timeZone);
    const dayOfMonth = Number(dayKey(now, timeZone).slice(8, 10));
    const current = months.get(month);
    const monthToDate = current?.total ?? 0;
    const monthPrevYearSameDays = daysOf(addMonths(month, -12), dayOfMonth).total;
    const dailyKeys = lastDays(now, DAILY_DAYS, timeZone);
    const monthlyKeys = monthsEndingWith(month, MONTHLY_MONTHS);
    return {
      today: days.get(dayKey(now, timeZone))?.total ?? 0,
      open,
      monthToDate,
      monthPrevYearSameDays,
      changeVsLastYear: change(monthToDate, monthPrevYearSameDays),
      byKind: breakdown(kindRows(current?.byKind ?? emptyCounts().byKind)),
      byWard: breakdown(
        fixtures.wards.map((ward) => ({
          key: ward.code,
          label: { vi: ward.fullName, en: ward.nameEn },
          value: current?.byWard.get(ward.code) ?? 0,
        })),
      ),
      daily: series(
        'day',
        dailyKeys,
        dailyKeys.map((day) => days.get(day)?.total ?? 0),
      ),
      monthly: series(
        'month',
        monthlyKeys,
        monthlyKeys.map((key) => months.get(key)?.total ?? 0),
      ),
    };
  }

  function publicSummary(now: number): PublicSecuritySummary {
    const throughDay = dayKey(startOfDay(now, timeZone) - 12 * HOUR, timeZone);
    const month = throughDay.slice(0, 7);
    const lastDay = Number(throughDay.slice(8, 10));
    const period = daysOf(month, lastDay);
    const lastYear = daysOf(addMonths(month, -12), lastDay);
    const monthlyKeys = monthsEndingWith(month, MONTHLY_MONTHS);
    return {
      throughDay,
      monthToDate: period.total,
      monthPrevYearSameDays: lastYear.total,
      changeVsLastYear: change(period.total, lastYear.total),
      byKind: breakdown(publishableRows(kindRows(period.byKind))),
      // The month of `throughDay` up to that day only: today's incidents wait for tomorrow.
      monthly: series(
        'month',
        monthlyKeys,
        monthlyKeys.map((key) => (key === month ? period.total : (months.get(key)?.total ?? 0))),
      ),
    };
  }

  /**
   * Both summaries, each sent only when it changed (the hub drops an equal value). The public one counts whole days up to
   * yesterday, so today's incidents never change it: it moves after midnight, or when figures
   * of earlier days arrive (statistics, late reports), never at the time of today's incident.
   */
  function publish(now: number, out: TopicWriter): void {
    dirty = false;
    out.set('security.summary', internalSummary(now));
    out.set('security.public-summary', publicSummary(now));
  }

  /** Months, days and incident records older than the months kept (after midnight only). */
  function pruneHistory(now: number): void {
    const oldest = oldestMonth(now);
    for (const key of months.keys()) if (key < oldest) months.delete(key);
    for (const key of days.keys()) if (key.slice(0, 7) < oldest) days.delete(key);
    for (const key of stats.keys()) if (key.slice(0, 7) < oldest) stats.delete(key);
    for (const [id, incident] of incidents) {
      if (incident.month >= oldest) continue;
      incidents.delete(id);
      if (isOpen(incident.status)) open--;
    }
  }

  /** Incidents that grew too old or were closed a day ago leave the map (every tick: at most 200 to look at). */
  function pruneMap(now: number, out: TopicWriter): void {
    const gone: string[] = [];
    for (const id of onMap.keys()) {
      const incident = incidents.get(id);
      if (!incident || !belongsOnMap(incident, now)) gone.push(id);
    }
    takeOffMap(gone, out);
  }

  const snapshot = closureSnapshot(
    1,
    () => ({ incidents, days, months, stats, onMap, open, dirty, today }),
    (state) => {
      refill(incidents, state.incidents);
      refill(days, state.days);
      refill(months, state.months);
      refill(stats, state.stats);
      refill(onMap, state.onMap);
      ({ open, dirty, today } = state);
    },
  );

  return {
    snapshot,
    retained: () => ({ incidents: incidents.size, days: days.size, months: months.size, statsDays: stats.size }),
    check,
    apply(event, out) {
      if (event.kind === 'security.incident') applyIncident(event, out);
      else if (event.kind === 'security.incident-updated') applyUpdate(event, out);
      else if (event.kind === 'security.daily-stats') applyStats(event);
    },
    flush(out) {
      if (dirty) publish(context.now(), out);
    },
    tick(now, out) {
      const key = dayKey(now, timeZone);
      if (key !== today) {
        today = key;
        dirty = true;
        pruneHistory(now);
      }
      pruneMap(now, out);
      if (dirty) publish(now, out);
    },
  };
}
