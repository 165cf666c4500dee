/**
 * Simulated citizen reports: Vietnamese reports across the wards and communes of the city that
 * move through the lifecycle with realistic delays; about a quarter are handled late, most
 * ratings are satisfied. Transitions that fall in the future are emitted when they come due;
 * on top of that the city "works" every few seconds (the next pending transition happens now),
 * so a wall watched for a minute sees reports move, not only arrive.
 */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';
import type { Ward } from '../../fixtures/fixtures';
import { polygonContains } from '../../fixtures/geometry';
import type { ReportStatus } from '../../protocol/topics';
import { loadCategories } from './aggregator';

const HOUR = 3_600_000;

interface Sample {
  title: string;
  description: string;
}

/** Urban wards get more reports than the rural communes. */
const WARD_WEIGHT: Record<string, number> = { ward: 3, commune: 1 };

export function createReportsSimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const categories = loadCategories(context);
  const samples = context.fixtures.readJson<{ samples: Record<string, Sample[]> }>('reports/samples.json').samples;
  const wards = context.fixtures.wards;
  const run = Math.floor(random() * 36 ** 6).toString(36);
  /** Transitions not yet due, kept sorted by time. */
  const scheduled: IngestEvent[] = [];
  let count = 0;
  let untilNext = 3_000;
  let untilWork = 4_000;

  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (min: number, max: number) => min + random() * (max - min);

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

  /** A report and its whole future, each event at its own time. */
  function lifecycle(id: string, createdAt: number): IngestEvent[] {
    // Sensitive categories are rarer; most reports are about roads, lights, waste and water.
    const category =
      random() < 0.06 ? pick(categories.filter((c) => c.sensitive)) : pick(categories.filter((c) => !c.sensitive));
    const sample = pick(samples[category.code] ?? samples['road-damage']!);
    const [lon, lat] = pointIn(pickWard());
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
    // About one in four is handled after its deadline.
    const handledAt =
      createdAt + category.slaHours * HOUR * (random() < 0.75 ? between(0.25, 0.95) : between(1.02, 1.6));
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

  /** Splits a lifecycle into what has happened by `now` and what is still to come. */
  function split(events: IngestEvent[], now: number): IngestEvent[] {
    const due = events.filter((event) => (event.time as number) <= now);
    scheduled.push(...events.filter((event) => (event.time as number) > now));
    scheduled.sort((a, b) => (a.time as number) - (b.time as number));
    return due;
  }

  return {
    seed(now) {
      const events: IngestEvent[] = [];
      // Thirty days: `reports.daily` shows the last 14, and "Needs attention" compares today with the
      // median of the same weekday over the weeks before (`reports.history`; at least 4 of its 8
      // weeks, which these give, whole, without making every start replay two months).
      for (let day = 29; day >= 0; day--) {
        const perDay = Math.round(between(15, 40));
        for (let i = 0; i < perDay; i++) {
          const createdAt = Math.round(now - day * 24 * HOUR - random() * 24 * HOUR);
          if (createdAt >= now) continue;
          // Seeded ids are deterministic so that seeding is idempotent.
          events.push(...split(lifecycle(`sim-rep-seed-${day}-${i}`, createdAt), now));
        }
      }
      return events;
    },
    step(now, elapsedMs, rate) {
      const events: IngestEvent[] = [];
      untilNext -= elapsedMs * rate;
      while (untilNext <= 0) {
        untilNext += between(10, 20) * 1000; // a new report every 10–20 s at rate 1
        events.push(...split(lifecycle(`sim-rep-${run}-${++count}`, now), now));
      }
      // At a higher rate the city also works faster: transitions come due sooner.
      const horizon = now + (rate - 1) * elapsedMs * 60;
      let dueCount = 0;
      while (dueCount < scheduled.length && (scheduled[dueCount]!.time as number) <= Math.max(now, horizon)) dueCount++;
      // The city works: every few seconds the next pending transition happens now. The queue is in
      // time order, so a report's own transitions still come one after the other.
      untilWork -= elapsedMs * rate;
      while (untilWork <= 0) {
        untilWork += between(2, 6) * 1000;
        if (dueCount < scheduled.length) dueCount++;
      }
      const due = scheduled
        .splice(0, dueCount)
        .map((event) => ({ ...event, time: Math.min(event.time as number, now) }));
      return events.concat(due);
    },
  };
}
