import { describe, expect, it } from 'vitest';
import { trafficDomain } from './index';
import { domainHarness, TIME_ZONE } from '../../test-support/domain-harness';
import { seededRandom } from '../../feeds/simulator/random';
import { combineDirections, flowLevel } from './flow-level';
import { cityMinutes, demand, isRushHour } from './flow-model';
import { FLOW_STALE_MS } from './flow-state';
import { loadRoads } from './roads';
import type { TrafficFlowObserved } from './schema';
import type { IngestEvent } from '../domain';

const T0 = Date.UTC(2026, 10, 28, 3, 0, 0); // 10:00 in Hà Nội
const observed = (extra: Record<string, unknown> = {}) => ({
  refRoadSegment: 'le-loi',
  dateObserved: '2026-11-28T10:00:00+07:00',
  intensity: 900,
  averageVehicleSpeed: 30,
  occupancy: 0.1,
  congested: false,
  ...extra,
});
const reading = (averageSpeed: number, occupancy: number, intensity = 600, congested = false) => ({
  averageSpeed,
  occupancy,
  intensity,
  congested,
});

describe('traffic.flow-observed (FIWARE TrafficFlowObserved)', () => {
  it('accepts an observation at a time or over an interval, by direction or not', () => {
    const h = domainHarness(trafficDomain, T0);
    expect(h.errors('traffic.flow-observed', observed())).toEqual([]);
    expect(h.errors('traffic.flow-observed', observed({ dateObserved: undefined }))).toEqual([]);
    expect(
      h.errors(
        'traffic.flow-observed',
        observed({
          dateObserved: undefined,
          dateObservedFrom: '2026-11-28T02:55:00Z',
          dateObservedTo: '2026-11-28T03:00:00Z',
          laneDirection: 'backward',
        }),
      ),
    ).toEqual([]);
  });

  it('refuses bad fields, naming them', () => {
    const h = domainHarness(trafficDomain, T0);
    const first = (extra: Record<string, unknown>) => h.errors('traffic.flow-observed', observed(extra))[0];
    expect(first({ intensity: -1 })).toBe('/intensity must be >= 0');
    expect(first({ intensity: 12.5 })).toMatch(/^\/intensity /);
    expect(first({ averageVehicleSpeed: 250 })).toBe('/averageVehicleSpeed must be <= 200');
    expect(first({ occupancy: 1.5 })).toBe('/occupancy must be <= 1');
    expect(first({ congested: 'yes' })).toMatch(/^\/congested /);
    expect(first({ laneDirection: 'sideways' })).toMatch(/^\/laneDirection/);
    expect(first({ refRoadSegment: '' })).toMatch(/^\/refRoadSegment /);
    expect(first({ refRoadSegment: 'Lê Lợi' })).toMatch(/^\/refRoadSegment /);
    expect(first({ dateObserved: 'hôm qua' })).toMatch(/^\/dateObserved .*date-time/);
    expect(first({ dateObservedFrom: '2026-11-28T02:55:00Z' })).toMatch(/dateObservedTo/);
    expect(first({ plate: '12A-345.67' })).toMatch(/^\/plate /);
    expect(h.errors('traffic.flow-observed', { refRoadSegment: 'le-loi' }).join()).toMatch(/intensity/);
  });

  it('refuses an unknown road segment and an interval that ends before it starts', () => {
    const h = domainHarness(trafficDomain, T0);
    const aggregator = trafficDomain.createAggregator(h.context);
    const check = (data: Record<string, unknown>) =>
      aggregator.check!([{ kind: 'traffic.flow-observed', data: observed(data) }]);
    expect(check({})).toBeNull();
    expect(check({ refRoadSegment: 'ql99' })).toMatchObject({
      index: 0,
      field: 'refRoadSegment',
      en: expect.stringMatching(/unknown road segment "ql99" \(known: ql1a-hoang-dong, /),
    });
    expect(check({ dateObservedFrom: '2026-11-28T03:05:00Z', dateObservedTo: '2026-11-28T03:00:00Z' })).toMatchObject({
      field: 'dateObservedFrom',
    });
  });
});

describe('flow level', () => {
  it('classifies by speed against free-flow speed', () => {
    expect(flowLevel(reading(40, 0.05), 40)).toBe('free');
    expect(flowLevel(reading(30, 0.05), 40)).toBe('free'); // 75 %
    expect(flowLevel(reading(29.9, 0.05), 40)).toBe('moderate');
    expect(flowLevel(reading(20, 0.05), 40)).toBe('moderate'); // 50 %
    expect(flowLevel(reading(19.9, 0.05), 40)).toBe('heavy');
    expect(flowLevel(reading(10, 0.05), 40)).toBe('heavy'); // 25 %
    expect(flowLevel(reading(9.9, 0.05), 40)).toBe('jammed');
  });

  it('reads occupancy too, the worse of the two winning', () => {
    expect(flowLevel(reading(40, 0.149), 40)).toBe('free');
    expect(flowLevel(reading(40, 0.15), 40)).toBe('moderate');
    expect(flowLevel(reading(40, 0.25), 40)).toBe('heavy');
    expect(flowLevel(reading(40, 0.4), 40)).toBe('jammed');
    expect(flowLevel(reading(12, 0.16), 40)).toBe('heavy');
  });

  it('treats an empty road as free and a source-reported queue as at least heavy', () => {
    expect(flowLevel(reading(0, 0.01, 0), 40)).toBe('free');
    // Standing traffic: nobody passes, but the detector is covered.
    expect(flowLevel(reading(0, 0.8, 0), 40)).toBe('jammed');
    expect(flowLevel(reading(38, 0.05, 600, true), 40)).toBe('heavy');
    expect(flowLevel(reading(5, 0.05, 600, true), 40)).toBe('jammed');
  });

  it('combines the directions of a segment: vehicles add up, speed weighted, the worse level wins', () => {
    const combined = combineDirections([
      { ...reading(40, 0.05, 300), level: 'free' },
      { ...reading(10, 0.3, 100, true), level: 'jammed' },
    ]);
    expect(combined).toEqual({ intensity: 400, averageSpeed: 32.5, occupancy: 0.3, congested: true, level: 'jammed' });
    expect(
      combineDirections([
        { ...reading(0, 0, 0), level: 'free' },
        { ...reading(20, 0, 0), level: 'free' },
      ]).averageSpeed,
    ).toBe(10);
  });
});

describe('traffic.flow topic', () => {
  it('publishes each segment with its schematic path, figures and level', () => {
    const h = domainHarness(trafficDomain, T0);
    h.apply(
      'traffic.flow-observed',
      observed({ averageVehicleSpeed: 12, occupancy: 0.3, intensity: 1500, congested: true }),
    );
    const [segment] = h.out.get('traffic.flow');
    const road = loadRoads(h.context.fixtures).find((r) => r.id === 'le-loi')!;
    expect(segment).toEqual({
      id: 'le-loi',
      road: 'Lê Lợi',
      name: { vi: 'Đường Lê Lợi', en: 'Lê Lợi Street' },
      path: road.path,
      speedLimit: 50,
      freeFlowSpeed: 35,
      intensity: 1500,
      averageSpeed: 12,
      occupancy: 0.3,
      congested: true,
      level: 'heavy',
      observedAt: Date.parse('2026-11-28T03:00:00Z'),
    });
  });

  it('keeps the newest observation when an older one arrives late, and takes the end of an interval as its time', () => {
    const h = domainHarness(trafficDomain, T0);
    h.apply(
      'traffic.flow-observed',
      observed({
        dateObserved: undefined,
        dateObservedFrom: '2026-11-28T02:59:00Z',
        dateObservedTo: '2026-11-28T03:00:00Z',
        averageVehicleSpeed: 8,
      }),
    );
    h.apply('traffic.flow-observed', observed({ dateObserved: '2026-11-28T02:58:00Z', averageVehicleSpeed: 34 }));
    expect(h.out.get('traffic.flow')[0]).toMatchObject({
      averageSpeed: 8,
      level: 'jammed',
      observedAt: Date.parse('2026-11-28T03:00:00Z'),
    });
    // Without a date of its own, the observation is as old as the event.
    h.apply('traffic.flow-observed', observed({ dateObserved: undefined, averageVehicleSpeed: 34 }), T0 + 60_000);
    expect(h.out.get('traffic.flow')[0]).toMatchObject({ averageSpeed: 34, level: 'free', observedAt: T0 + 60_000 });
  });

  it('combines the two directions of a road and drops a silent sensor after 30 minutes', () => {
    const h = domainHarness(trafficDomain, T0);
    h.apply('traffic.flow-observed', observed({ laneDirection: 'forward', intensity: 600, averageVehicleSpeed: 30 }));
    h.apply(
      'traffic.flow-observed',
      observed({
        laneDirection: 'backward',
        intensity: 200,
        averageVehicleSpeed: 6,
        occupancy: 0.5,
        dateObserved: '2026-11-28T03:10:00Z',
      }),
    );
    h.apply('traffic.flow-observed', observed({ refRoadSegment: 'ba-son' }));
    expect(h.out.get('traffic.flow').find((s) => s.id === 'le-loi')).toMatchObject({
      intensity: 800,
      averageSpeed: 24,
      occupancy: 0.5,
      level: 'jammed',
    });
    h.tick(T0 + FLOW_STALE_MS);
    expect(h.out.get('traffic.flow')).toHaveLength(2);
    // The forward sensor and Ba Sơn fall silent; the backward one is 10 minutes younger.
    h.tick(T0 + FLOW_STALE_MS + 1);
    expect(h.out.get('traffic.flow').map((s) => s.id)).toEqual(['le-loi']);
    expect(h.out.get('traffic.flow')[0]).toMatchObject({ intensity: 200, averageSpeed: 6 });
    h.tick(T0 + FLOW_STALE_MS + 10 * 60_000 + 1);
    expect(h.out.get('traffic.flow')).toEqual([]);
  });

  it('draws every key road inside the city, with its limits', () => {
    const h = domainHarness(trafficDomain, T0);
    const roads = loadRoads(h.context.fixtures);
    const fixture = h.context.fixtures.readJson<{ note: string; schematic: boolean }>('traffic/roads.json');
    expect(fixture.schematic).toBe(true);
    expect(fixture.note).toMatch(/SCHEMATIC/);
    expect(new Set(roads.map((r) => r.road))).toEqual(
      new Set([
        'QL1A',
        'QL4B',
        'Lê Lợi',
        'Hùng Vương',
        'Trần Đăng Ninh',
        'Bà Triệu',
        'Phai Vệ',
        'Lý Thái Tổ',
        'Ba Sơn',
      ]),
    );
    expect(new Set(roads.map((r) => r.id)).size).toBe(roads.length);
    for (const road of roads) {
      expect(road.path.length, road.id).toBeGreaterThanOrEqual(2);
      expect(road.freeFlowSpeed, road.id).toBeLessThanOrEqual(road.speedLimit);
      expect(road.speedLimit, road.id).toBeGreaterThanOrEqual(40);
      // Vertices and the midpoints between them fall inside the city's (schematic) wards.
      const points = road.path.flatMap((p, i) =>
        i === 0 ? [p] : [[(p[0] + road.path[i - 1]![0]) / 2, (p[1] + road.path[i - 1]![1]) / 2] as [number, number], p],
      );
      for (const [lon, lat] of points)
        expect(h.context.fixtures.wardAt(lon, lat), `${road.id} ${lon},${lat}`).not.toBeNull();
    }
  });
});

describe('flow simulator', () => {
  const localTime = (hours: number, minutes = 0) => Date.UTC(2026, 10, 28, hours - 7, minutes, 0); // on 28/11/2026, in Hà Nội

  it('reads the time of day in the city, not the machine: 16:59:59Z is 23:59, 17:00:00Z is 0:00', () => {
    expect(cityMinutes(Date.UTC(2026, 10, 28, 16, 59, 59), TIME_ZONE)).toBe(23 * 60 + 59);
    expect(cityMinutes(Date.UTC(2026, 10, 28, 17, 0, 0), TIME_ZONE)).toBe(0);
    expect(cityMinutes(localTime(7, 15), TIME_ZONE)).toBe(7 * 60 + 15);
  });

  it('knows the rush hours, 6:30–8:00 and 16:30–18:00', () => {
    expect([6 * 60 + 29, 6 * 60 + 30, 7 * 60 + 59, 8 * 60].map(isRushHour)).toEqual([false, true, true, false]);
    expect([16 * 60 + 29, 16 * 60 + 30, 17 * 60 + 59, 18 * 60].map(isRushHour)).toEqual([false, true, true, false]);
    expect(demand(7 * 60)).toBeGreaterThan(0.9);
    expect(demand(2 * 60)).toBeLessThan(0.1);
    expect(demand(10 * 60)).toBeGreaterThan(demand(2 * 60));
    expect(demand(10 * 60)).toBeLessThan(demand(7 * 60));
  });

  /** Every segment's level after `minutes` of steps from `start`. */
  function levelsAfter(start: number, minutes: number, prngSeed = 1) {
    const h = domainHarness(trafficDomain, start);
    const simulator = trafficDomain.createSimulator(h.context, seededRandom(prngSeed));
    const flows: IngestEvent[] = [];
    for (let t = start + 1000; t <= start + minutes * 60_000; t += 1000) {
      h.setNow(t);
      for (const event of simulator.step(t, 1000, 1)) {
        if (event.kind !== 'traffic.flow-observed') continue;
        flows.push(event);
        h.apply(event.kind, event.data, t);
      }
    }
    return { segments: h.out.get('traffic.flow') ?? [], flows };
  }

  it('jams the roads in the morning and evening rush, frees them at night, something changing every few seconds', () => {
    const roads = loadRoads(domainHarness(trafficDomain, T0).context.fixtures).length;
    for (const prngSeed of [1, 2, 3]) {
      for (const start of [localTime(6, 40), localTime(17, 0)]) {
        const { segments, flows } = levelsAfter(start, 2, prngSeed);
        expect(segments).toHaveLength(roads);
        expect(
          segments.every((s) => s.level === 'heavy' || s.level === 'jammed'),
          JSON.stringify(segments.map((s) => s.level)),
        ).toBe(true);
        expect(flows.every((e) => (e.data as TrafficFlowObserved).congested)).toBe(true);
        // One observation every 5 s at rate 1.
        expect(flows).toHaveLength(24);
      }
      const night = levelsAfter(localTime(2, 0), 2, prngSeed);
      expect(night.segments.every((s) => s.level === 'free')).toBe(true);
      expect(night.flows.some((e) => (e.data as TrafficFlowObserved).congested)).toBe(false);
      const midMorning = levelsAfter(localTime(10, 0), 2, prngSeed);
      expect(midMorning.segments.every((s) => s.level === 'free' || s.level === 'moderate')).toBe(true);
    }
  });
});
