/**
 * Simulated citizen reports: Vietnamese reports across the wards and communes of the city at the
 * city's usual volume — about 25 a day, most in office hours, fewer at weekends — and now and then
 * a surge (a storm: flooding, fallen trees and dark streets in a ward or two, a hundred or more
 * reports in a few hours), which is what "Needs attention" exists to flag. Each report moves
 * through the lifecycle with realistic delays and is handled within its SLA (about one in eight
 * late, more in a surge), rated, then closed: handling keeps pace with arrivals, so the open
 * backlog is stationary (`simulator-backlog.test.ts`). Transitions are emitted when they come due.
 */
import type { DomainContext, IngestEvent, SimulatorGenerator, SimulatorTuning } from '../domain';
import type { Ward } from '../../fixtures/fixtures';
import { polygonContains } from '../../fixtures/geometry';
import type { ReportStatus } from '../../protocol/topics';
import { zoneOffsetMs } from '../calendar';
import { loadCategories } from './aggregator';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Relative weight of each local hour of a day (0 = midnight–1:00): citizens report in the morning
 * and the afternoon, a little in the evening, hardly at night.
 */
const HOUR_SHAPE = [
  0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.2, 3.2, 3.4, 3.2, 2.6, 1.8, 2, 2.8, 3, 2.8, 2.4, 2, 1.8, 1.6, 1.2, 0.8, 0.4,
];
const HOUR_SHAPE_SUM = HOUR_SHAPE.reduce((sum, weight) => sum + weight, 0);
/** Local weekday (0 = Sunday) against a middle-of-the-week day: busier Mondays, quiet Sundays. */
const WEEKDAY_FACTOR = [0.55, 1.15, 1.1, 1.05, 1, 0.95, 0.7];
/** Reports a Wednesday at rate 1; over a week ≈ 24 a day (the city's "about 25"). */
const REPORTS_PER_WEEKDAY = 26;

/** A surge starts on average once in this long (about six storms a year, in simulated time). */
const MEAN_DAYS_BETWEEN_SURGES = 60;
/** What a storm's aftermath brings; `weight` is the share of its reports. */
const SURGE_CATEGORIES = [
  { code: 'drainage', weight: 4 },
  { code: 'trees', weight: 3 },
  { code: 'street-lighting', weight: 2 },
  { code: 'road-damage', weight: 1 },
  { code: 'water-supply', weight: 1 },
];

/** Urban wards get more reports than the rural communes. */
const WARD_WEIGHT: Record<string, number> = { ward: 3, commune: 1 };

interface Sample {
  title: string;
  description: string;
}

interface Surge {
  until: number;
  /** Extra reports an hour at rate 1 while it lasts. */
  perHour: number;
  wards: Ward[];
}

export function createReportsSimulator(
  context: DomainContext,
  random: () => number,
  /** `surgeAt`: when the first surge starts (later ones come at the seeded pace). */
  options: SimulatorTuning = {},
): SimulatorGenerator {
  const categories = loadCategories(context);
  const samples = context.fixtures.readJson<{ samples: Record<string, Sample[]> }>('reports/samples.json').samples;
  const wards = context.fixtures.wards;
  const urbanWards = wards.filter((ward) => ward.kind === 'ward');
  const run = Math.floor(random() * 36 ** 6).toString(36);
  /** Transitions not yet due, kept sorted by time. */
  const scheduled: IngestEvent[] = [];
  let count = 0;
  let idOf = (n: number) => `sim-rep-${run}-${n}`;
  /** The arrival process (see `arrive`): the instant it has reached, null before the first call. */
  let reached: number | null = null;
  /** Expected reports still to accumulate before the next one arrives (an exponential draw). */
  let untilNext = 0;
  let nextSurgeAt = options.surgeAt ?? null;
  let surge: Surge | null = null;

  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (min: number, max: number) => min + random() * (max - min);
  const exponential = () => -Math.log(1 - random());

  function pickWard(): Ward {
    const total = wards.reduce((sum, ward) => sum + (WARD_WEIGHT[ward.kind] ?? 1), 0);
    let roll = random() * total;
    for (const ward of wards) if ((roll -= WARD_WEIGHT[ward.kind] ?? 1) < 0) return ward;
    return wards[0]!;
  }

  /** A point inside the ward (rejection sampling in its bounding box). */
  function pointIn(ward: Ward): [number, number] {
    const [minX, minY, maxX, maxY] = ward.bbox;
    for (let i = 0; i < 50; i++) {
      const lon = between(minX, maxX);
      const lat = between(minY, maxY);
      if (polygonContains(ward.polygon, lon, lat)) return [Number(lon.toFixed(5)), Number(lat.toFixed(5))];
    }
    return ward.centre;
  }

  function surgeCategory() {
    const total = SURGE_CATEGORIES.reduce((sum, entry) => sum + entry.weight, 0);
    let roll = random() * total;
    const code = SURGE_CATEGORIES.find((entry) => (roll -= entry.weight) < 0)?.code ?? 'drainage';
    return categories.find((category) => category.code === code) ?? pick(categories);
  }

  /** A report and its whole future, each event at its own time. */
  function lifecycle(id: string, createdAt: number, during: Surge | null): IngestEvent[] {
    // Sensitive categories are rarer; most reports are about roads, lights, waste and water.
    const category = during
      ? surgeCategory()
      : random() < 0.06
        ? pick(categories.filter((c) => c.sensitive))
        : pick(categories.filter((c) => !c.sensitive));
    const sample = pick(samples[category.code] ?? samples['road-damage']!);
    const [lon, lat] = pointIn(during ? pick(during.wards) : pickWard());
    const events: IngestEvent[] = [
      {
        domain: 'reports',
        kind: 'report.created',
        id: `${id}-created`,
        time: createdAt,
        source: 'simulator',
        simulated: true,
        data: { reportId: id, category: category.code, title: sample.title, description: sample.description, lat, lon },
      },
    ];
    const status = (status: ReportStatus, at: number, note?: string) =>
      events.push({
        domain: 'reports',
        kind: 'report.status',
        id: `${id}-${status}-${events.length}`,
        time: Math.round(at),
        source: 'simulator',
        simulated: true,
        data: note ? { reportId: id, status, note } : { reportId: id, status },
      });
    let t = createdAt + between(0.2, 2) * HOUR;
    const outcome = random();
    if (outcome < 0.05) {
      status('rejected', t, 'Nội dung không thuộc phạm vi phản ánh hiện trường');
      return events;
    }
    if (outcome < 0.08) {
      status('duplicate', t, 'Trùng với phản ánh đã tiếp nhận');
      return events;
    }
    status('approved', t);
    t += between(0.3, 3) * HOUR;
    status('assigned', t, category.department.vi);
    t += between(0.5, 8) * HOUR;
    status('in_progress', t);
    // About one in eight is handled after its deadline; in a surge's pile of work, one in three.
    const onTime = random() < (during ? 0.67 : 0.88);
    const handledAt = createdAt + category.slaHours * HOUR * (onTime ? between(0.25, 0.95) : between(1.02, 1.6));
    t = Math.max(t + 0.5 * HOUR, handledAt);
    status('resolved', t, 'Đã xử lý xong');
    t += between(2, 36) * HOUR;
    const satisfied = random() < 0.82;
    events.push({
      domain: 'reports',
      kind: 'report.rated',
      id: `${id}-rated`,
      time: Math.round(t),
      source: 'simulator',
      simulated: true,
      data: { reportId: id, satisfied, score: satisfied ? (random() < 0.6 ? 5 : 4) : random() < 0.5 ? 2 : 1 },
    });
    if (!satisfied && random() < 0.5) {
      status('in_progress', t + 2 * HOUR, 'Mở lại theo đánh giá của người dân');
      t += between(6, 30) * HOUR;
      status('resolved', t, 'Đã xử lý lại');
    }
    // Closed only after the last resolution: ingest refuses "closed" from an open status, and
    // one refused event would cost the whole batch it travels in.
    status('closed', t + between(24, 72) * HOUR);
    return events;
  }

  /** Keeps `event` in `scheduled`, in time order (after those of the same time: a report's own order stays). */
  function schedule(event: IngestEvent): void {
    const time = event.time as number;
    let low = 0;
    let high = scheduled.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((scheduled[middle]!.time as number) <= time) low = middle + 1;
      else high = middle;
    }
    scheduled.splice(low, 0, event);
  }

  /** Splits a lifecycle into what has happened by `now` and what is still to come. */
  function split(events: IngestEvent[], now: number): IngestEvent[] {
    const due: IngestEvent[] = [];
    for (const event of events) {
      if ((event.time as number) <= now) due.push(event);
      else schedule(event);
    }
    return due;
  }

  /** The local offset of the hour containing `ms`, asked of Intl once an hour of simulated time. */
  let offsetHour = Number.NaN;
  let offset = 0;
  function localHourAndWeekday(ms: number): [number, number] {
    const hour = Math.floor(ms / HOUR);
    if (hour !== offsetHour) {
      offsetHour = hour;
      offset = zoneOffsetMs(ms, context.timeZone);
    }
    const local = new Date(ms + offset);
    return [local.getUTCHours(), local.getUTCDay()];
  }

  /** Expected reports an ms at rate 1, at `ms`: the usual shape, plus a surge while one lasts. */
  function intensity(ms: number): number {
    const [hour, weekday] = localHourAndWeekday(ms);
    const usual = (REPORTS_PER_WEEKDAY * WEEKDAY_FACTOR[weekday]! * HOUR_SHAPE[hour]!) / HOUR_SHAPE_SUM / HOUR;
    return usual + (surge && ms < surge.until ? surge.perHour / HOUR : 0);
  }

  function startSurge(at: number): void {
    const affected = urbanWards.length > 0 ? urbanWards : wards;
    const first = pick(affected);
    const second = pick(affected);
    surge = {
      until: at + between(3, 6) * HOUR,
      perHour: between(30, 45),
      wards: random() < 0.5 ? [first] : [first, second],
    };
  }

  /**
   * Reports that arrive in (`reached`, `to`], each at its own instant: an inhomogeneous Poisson
   * process, advanced a minute at a time with the intensity of the minute's start. `rate` speeds
   * the city's clock (rate 2: twice the reports, and surges twice as often).
   */
  function arrive(to: number, rate: number): IngestEvent[] {
    const events: IngestEvent[] = [];
    if (reached === null) {
      reached = to;
      untilNext = exponential();
      nextSurgeAt ??= to + (exponential() * MEAN_DAYS_BETWEEN_SURGES * DAY) / Math.max(rate, 1e-9);
      return events;
    }
    while (reached < to) {
      const from = reached;
      const until = Math.min(to, from + MINUTE);
      if (nextSurgeAt !== null && nextSurgeAt <= from) {
        startSurge(from);
        nextSurgeAt = from + (exponential() * MEAN_DAYS_BETWEEN_SURGES * DAY) / Math.max(rate, 1e-9);
      }
      const perMs = intensity(from) * rate;
      untilNext -= perMs * (until - from);
      while (untilNext <= 0) {
        // Back from the minute's end to where the count ran out.
        const at = Math.min(until, Math.max(from, Math.round(until + untilNext / perMs)));
        const during = surge && at < surge.until ? surge : null;
        events.push(...split(lifecycle(idOf(++count), at, during), to));
        untilNext += exponential();
      }
      reached = until;
    }
    return events;
  }

  return {
    seed(now) {
      // Thirty days of the same process: `reports.daily` shows the last 14, and "Needs attention"
      // compares today with the median of the same weekday over the weeks before (`reports.history`;
      // at least 4 of its 8 weeks, which these give, whole, without making every start replay two
      // months). Seeded ids do not depend on the run's random tag, so that seeding is idempotent.
      idOf = (n) => `sim-rep-seed-${n}`;
      reached = null;
      arrive(now - 30 * DAY, 1);
      const events = arrive(now, 1);
      idOf = (n) => `sim-rep-${run}-${n}`;
      count = 0;
      return events;
    },
    step(now, elapsedMs, rate) {
      if (reached === null) arrive(now - elapsedMs, rate);
      const events = arrive(now, rate);
      // At a higher rate the city also works faster: transitions come due sooner.
      const horizon = Math.max(now, now + (rate - 1) * elapsedMs * 60);
      let dueCount = 0;
      while (dueCount < scheduled.length && (scheduled[dueCount]!.time as number) <= horizon) dueCount++;
      const due = scheduled
        .splice(0, dueCount)
        .map((event) => ({ ...event, time: Math.min(event.time as number, now) }));
      return events.concat(due);
    },
  };
}
