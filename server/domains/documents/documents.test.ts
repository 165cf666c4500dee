import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { documentsDomain } from './index';
import { domainHarness, RecordingWriter, TIME_ZONE } from '../../test-support/domain-harness';
import { seededRandom } from '../../feeds/simulator/random';
import { loadFixtures } from '../../fixtures/fixtures';
import { dayKey } from '../calendar';
import { createOfficeCalendar } from '../office-calendar';
import type { DomainContext, IngestEvent, StoredEvent } from '../domain';
import { DOCUMENT_KINDS, type DocumentAgency, type KindMix } from './schema';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 10:00 on Monday 30/11/2026 in Hà Nội.
const T0 = Date.UTC(2026, 10, 30, 3, 0, 0);

type Harness = ReturnType<typeof domainHarness>;

/** An incoming document; `dueAt: undefined` leaves the deadline out, as JSON would. */
const incomingData = (id: string, extra: Record<string, unknown> = {}) =>
  Object.fromEntries(
    Object.entries({
      documentId: id,
      agency: 'tn-mt',
      kind: 'cong-van',
      urgency: 'thuong',
      receivedAt: T0,
      dueAt: T0 + 5 * DAY,
      ...extra,
    }).filter(([, value]) => value !== undefined),
  );
const outgoingData = (id: string, extra: Record<string, unknown> = {}) => ({
  documentId: id,
  agency: 'vp-hdnd-ubnd',
  kind: 'quyet-dinh',
  urgency: 'thuong',
  issuedAt: T0,
  signed: true,
  ...extra,
});
const receive = (h: Harness, id: string, extra: Record<string, unknown> = {}) =>
  h.apply('documents.received', incomingData(id, extra));
const issue = (h: Harness, id: string, extra: Record<string, unknown> = {}) =>
  h.apply('documents.issued', outgoingData(id, extra));
const process = (h: Harness, id: string, at: number) =>
  h.apply('documents.processed', { documentId: id, processedAt: at }, at);
const row = (rows: Array<{ key: string }>, key: string) => rows.find((r) => r.key === key);

describe('documents domain', () => {
  it('checks its input schemas and names the bad field', () => {
    const h = domainHarness(documentsDomain, T0);
    expect(h.errors('documents.received', incomingData('a'))).toEqual([]);
    const { dueAt: _dueAt, ...withoutDeadline } = incomingData('a');
    expect(h.errors('documents.received', withoutDeadline)).toEqual([]);
    expect(h.errors('documents.received', incomingData('a', { kind: 'thu-tay' }))[0]).toMatch(/^\/kind /);
    expect(h.errors('documents.received', incomingData('a', { urgency: 'rat-khan' }))[0]).toMatch(/^\/urgency /);
    expect(h.errors('documents.received', incomingData('a', { agency: 'Phòng TN&MT' }))[0]).toMatch(/^\/agency /);
    expect(h.errors('documents.received', incomingData('a', { dueAt: 'ngày mai' }))[0]).toMatch(/^\/dueAt /);
    expect(h.errors('documents.received', incomingData('a', { receivedAt: -5 }))[0]).toMatch(/^\/receivedAt /);
    expect(h.errors('documents.received', incomingData('', {}))[0]).toMatch(/^\/documentId /);
    expect(h.errors('documents.received', incomingData('x'.repeat(101)))[0]).toMatch(/^\/documentId /);
    // No subject line or signer on the wall's events: refused, not stored.
    expect(h.errors('documents.received', incomingData('a', { trichYeu: 'V/v giải phóng mặt bằng' })).join()).toMatch(
      /additional/,
    );
    expect(h.errors('documents.issued', outgoingData('o'))).toEqual([]);
    expect(h.errors('documents.issued', outgoingData('o', { signed: 'có' }))[0]).toMatch(/^\/signed /);
    const { signed: _signed, ...unsigned } = outgoingData('o');
    expect(h.errors('documents.issued', unsigned).join()).toMatch(/signed/);
    expect(h.errors('documents.processed', { documentId: 'a', processedAt: '2026-11-30T15:00:00+07:00' })).toEqual([]);
    expect(h.errors('documents.processed', { documentId: 'a' }).join()).toMatch(/processedAt/);
  });

  it("counts today's flow and the month's on-time and signature rates, per agency", () => {
    const h = domainHarness(documentsDomain, T0);
    receive(h, 'a', { dueAt: T0 + 2 * DAY });
    receive(h, 'b', { dueAt: T0 + HOUR, urgency: 'khan', agency: 'qldt' });
    receive(h, 'c', { dueAt: undefined, kind: 'thong-bao' });
    receive(h, 'd', { dueAt: T0 + 6 * HOUR, urgency: 'hoa-toc', kind: 'cong-dien' });
    receive(h, 'e', { dueAt: T0 + HOUR });
    issue(h, 'o1');
    issue(h, 'o2', { signed: false, agency: 'ubnd-05983' });
    issue(h, 'o3', { kind: 'bao-cao' });
    h.setNow(T0 + HOUR);
    process(h, 'a', T0 + HOUR);
    process(h, 'c', T0 + HOUR);
    process(h, 'e', T0 + HOUR); // at the deadline: on time
    process(h, 'b', T0 + HOUR + 1); // a millisecond late
    h.tick(T0 + 2 * HOUR);
    const summary = h.out.get('documents.summary');
    expect(summary).toMatchObject({
      incomingToday: 5,
      outgoingToday: 3,
      processedToday: 4,
      pending: 1,
      overdue: 0,
      urgentPending: 1,
      incomingMonth: 5,
      outgoingMonth: 3,
      processedMonth: 4,
      processedOnTimeRateMonth: 2 / 3, // a and e of a, b, e: c had no deadline
      signedShareMonth: 2 / 3,
    });
    expect(row(summary.pendingByAgency.rows, 'tn-mt')).toEqual({
      key: 'tn-mt',
      label: { vi: 'Phòng TN&MT', en: 'Natural Resources and Environment' },
      value: 1,
      detail: 0,
    });
    expect(row(summary.pendingByAgency.rows, 'qldt')).toMatchObject({ value: 0, detail: 0 });
    expect(summary.byAgency.rows).toHaveLength(16); // every unit, for the ranking
    expect(summary.byAgency).toMatchObject({
      format: 'number',
      higherIsBetter: false,
      unit: { vi: 'văn bản quá hạn' },
    });
    expect(summary.daily).toMatchObject({ xKind: 'day', format: 'number' });
    expect(summary.daily.lines.map((line) => [line.key, line.values.at(-1)])).toEqual([
      ['incoming', 5],
      ['outgoing', 3],
      ['processed', 4],
    ]);
  });

  it('flags a document overdue after its deadline without any event; one without a deadline never is', () => {
    const h = domainHarness(documentsDomain, T0);
    receive(h, 'a', { dueAt: T0 + HOUR, agency: 'qldt' });
    receive(h, 'b', { dueAt: T0 + 2 * HOUR, agency: 'qldt', urgency: 'thuong-khan' });
    receive(h, 'c', { dueAt: undefined });
    h.tick(T0 + HOUR);
    expect(h.out.get('documents.summary')).toMatchObject({ overdue: 0, pending: 3, urgentPending: 1 });
    h.tick(T0 + HOUR + 1);
    expect(h.out.get('documents.summary').overdue).toBe(1);
    h.tick(T0 + 40 * DAY);
    let summary = h.out.get('documents.summary');
    expect(summary.overdue).toBe(2);
    expect(row(summary.byAgency.rows, 'qldt')).toMatchObject({ value: 2, detail: 2 });
    expect(row(summary.pendingByAgency.rows, 'tn-mt')).toMatchObject({ value: 1, detail: 0 });
    h.setNow(T0 + 40 * DAY);
    process(h, 'b', T0 + 40 * DAY);
    h.flush();
    summary = h.out.get('documents.summary');
    expect(summary).toMatchObject({ overdue: 1, pending: 2, urgentPending: 0, processedOnTimeRateMonth: 0 });
    expect(row(summary.byAgency.rows, 'qldt')).toMatchObject({ value: 1, detail: 1 });
  });

  it('counts "today" by the day in Hà Nội: 16:59:59Z is the 28th, 17:00:00Z the 29th', () => {
    const beforeMidnight = Date.UTC(2026, 10, 28, 16, 59, 59);
    const afterMidnight = Date.UTC(2026, 10, 28, 17, 0, 0);
    const h = domainHarness(documentsDomain, Date.UTC(2026, 10, 28, 3, 0, 0));
    receive(h, 'early', { receivedAt: Date.UTC(2026, 10, 28, 3, 0, 0) });
    h.setNow(beforeMidnight);
    receive(h, 'late', { receivedAt: beforeMidnight });
    issue(h, 'o-late', { issuedAt: beforeMidnight });
    process(h, 'early', beforeMidnight);
    h.setNow(afterMidnight);
    receive(h, 'night', { receivedAt: afterMidnight });
    issue(h, 'o-night', { issuedAt: afterMidnight });
    process(h, 'late', afterMidnight);
    h.tick(afterMidnight + 1000);
    const summary = h.out.get('documents.summary');
    expect(summary).toMatchObject({ incomingToday: 1, outgoingToday: 1, processedToday: 1, pending: 1 });
    expect(summary.daily.x).toHaveLength(30);
    expect(summary.daily.x.slice(-2)).toEqual(['2026-11-28', '2026-11-29']);
    expect(summary.daily.lines.map((line) => line.values.slice(-2))).toEqual([
      [2, 1],
      [1, 1],
      [1, 1],
    ]);
    h.tick(Date.UTC(2026, 10, 29, 17, 0, 0));
    expect(h.out.get('documents.summary')).toMatchObject({ incomingToday: 0, outgoingToday: 0, processedToday: 0 });
  });

  it('turns the month at midnight in Hà Nội: 30/11 16:59:59Z is November, 17:00:00Z December', () => {
    const beforeMidnight = Date.UTC(2026, 10, 30, 16, 59, 59);
    const afterMidnight = Date.UTC(2026, 10, 30, 17, 0, 0);
    const h = domainHarness(documentsDomain, Date.UTC(2026, 10, 20, 3, 0, 0));
    receive(h, 'p', { receivedAt: Date.UTC(2026, 10, 20, 3, 0, 0), dueAt: Date.UTC(2026, 10, 25, 10, 0, 0) });
    receive(h, 'q', { receivedAt: Date.UTC(2026, 10, 20, 3, 0, 0), dueAt: Date.UTC(2026, 11, 5, 10, 0, 0) });
    h.setNow(beforeMidnight);
    process(h, 'p', beforeMidnight); // late
    issue(h, 'paper', { issuedAt: beforeMidnight, signed: false });
    h.tick(beforeMidnight);
    expect(h.out.get('documents.summary')).toMatchObject({
      incomingMonth: 2,
      processedMonth: 1,
      processedOnTimeRateMonth: 0,
      signedShareMonth: 0,
    });
    h.setNow(afterMidnight);
    process(h, 'q', afterMidnight); // on time
    issue(h, 'signed', { issuedAt: afterMidnight });
    h.tick(afterMidnight + 1000);
    expect(h.out.get('documents.summary')).toMatchObject({
      incomingMonth: 0,
      outgoingMonth: 1,
      processedMonth: 1,
      processedOnTimeRateMonth: 1,
      signedShareMonth: 1,
    });
  });

  it('ignores events for unknown documents and repeated ones', () => {
    const h = domainHarness(documentsDomain, T0);
    h.apply('documents.processed', { documentId: 'ghost', processedAt: T0 });
    expect(h.out.changes).toEqual([]);
    receive(h, 'a');
    receive(h, 'a', { agency: 'qldt' });
    issue(h, 'a'); // an incoming id issued: ignored
    process(h, 'a', T0);
    process(h, 'a', T0 + DAY);
    h.tick(T0);
    expect(h.out.get('documents.summary')).toMatchObject({
      incomingToday: 1,
      outgoingToday: 0,
      processedToday: 1,
      pending: 0,
    });
  });

  it('refuses impossible events, naming the field', () => {
    let now = T0;
    const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => now };
    const aggregator = documentsDomain.createAggregator(context);
    const out = new RecordingWriter();
    let seq = 0;
    const apply = (kind: string, data: Record<string, unknown>) => {
      const event: StoredEvent = {
        seq: ++seq,
        domain: 'documents',
        kind,
        time: now,
        source: 'test',
        simulated: false,
        idempotencyKey: null,
        data,
      };
      aggregator.apply(event, out);
    };
    apply('documents.received', incomingData('in'));
    apply('documents.received', incomingData('done'));
    apply('documents.processed', { documentId: 'done', processedAt: T0 + HOUR });
    apply('documents.issued', outgoingData('out'));
    now = T0 + 2 * HOUR;
    const check = (...events: Array<{ kind: string; data: Record<string, unknown> }>) => aggregator.check!(events);
    const processed = (id: string, at = T0 + HOUR) => ({
      kind: 'documents.processed',
      data: { documentId: id, processedAt: at },
    });
    expect(
      check(processed('in'), { kind: 'documents.received', data: incomingData('new') }, processed('new')),
    ).toBeNull();
    expect(check(processed('ghost'))).toMatchObject({
      index: 0,
      field: 'documentId',
      en: 'no incoming document ghost',
    });
    expect(check(processed('out'))).toMatchObject({
      field: 'documentId',
      en: 'out is an outgoing document: only incoming ones are processed',
    });
    expect(check(processed('done'))).toMatchObject({ field: 'documentId', en: 'document done is processed already' });
    expect(check(processed('in'), processed('in'))).toMatchObject({ index: 1, field: 'documentId' });
    expect(check(processed('in', T0 - 1))).toMatchObject({
      field: 'processedAt',
      en: 'is before the document was received',
    });
    expect(check(processed('in', T0 + 4 * HOUR))).toMatchObject({ field: 'processedAt', en: 'is in the future' });
    expect(check({ kind: 'documents.received', data: incomingData('b', { dueAt: T0 - 1 }) })).toMatchObject({
      field: 'dueAt',
    });
    expect(
      check({ kind: 'documents.received', data: incomingData('b', { receivedAt: T0 + DAY, dueAt: T0 + 2 * DAY }) }),
    ).toMatchObject({ field: 'receivedAt' });
    expect(check({ kind: 'documents.received', data: incomingData('out') })).toMatchObject({
      field: 'documentId',
      en: 'out is an outgoing document',
    });
    expect(check({ kind: 'documents.issued', data: outgoingData('in') })).toMatchObject({
      field: 'documentId',
      en: 'in is an incoming document',
    });
    expect(check({ kind: 'documents.issued', data: outgoingData('o2', { issuedAt: T0 + DAY }) })).toMatchObject({
      field: 'issuedAt',
    });
  });

  it('has the units of the city and the kinds of documents of Nghị định 30/2020', () => {
    const fixtures = loadFixtures();
    const { agencies } = fixtures.readJson<{ agencies: DocumentAgency[] }>('documents/agencies.json');
    const { kinds } = fixtures.readJson<{ kinds: KindMix[] }>('documents/kinds.json');
    const adminAgencies = new Map(
      fixtures.readJson<{ agencies: DocumentAgency[] }>('admin/agencies.json').agencies.map((a) => [a.code, a]),
    );
    expect(new Set(agencies.map((a) => a.code)).size).toBe(agencies.length);
    // The same unit has the same code and name in both domains.
    for (const agency of agencies)
      if (adminAgencies.has(agency.code))
        expect(agency.name, agency.code).toEqual(adminAgencies.get(agency.code)!.name);
    for (const ward of fixtures.wards)
      expect(
        agencies.some((a) => a.code === `ubnd-${ward.code}`),
        ward.code,
      ).toBe(true);
    for (const mix of kinds) {
      expect(Object.keys(DOCUMENT_KINDS), mix.kind).toContain(mix.kind);
      expect(mix.dueShare).toBeGreaterThanOrEqual(0);
      expect(mix.dueShare).toBeLessThanOrEqual(1);
    }
    expect(DOCUMENT_KINDS['cong-van'].vi).toBe('Công văn');
    expect(Object.keys(DOCUMENT_KINDS)).toHaveLength(31); // the 29 of Nghị định 30/2020, legal normative documents, other
  });
});

// Whole simulated months: slower than a unit test (the config's 20 s does not reach the projects).
describe('documents simulator', { timeout: 20_000 }, () => {
  function run(start: number, seconds: number, prngSeed = 4) {
    let now = start;
    const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => now };
    const simulator = documentsDomain.createSimulator(context, seededRandom(prngSeed));
    const aggregator = documentsDomain.createAggregator(context);
    const validators = new Map(Object.entries(documentsDomain.events).map(([kind, schema]) => [kind, Compile(schema)]));
    const out = new RecordingWriter();
    let seq = 0;
    const ingest = (events: IngestEvent[]) => {
      const conflict = aggregator.check!(events.map((event) => ({ kind: event.kind, data: event.data })));
      if (conflict) throw new Error(`refused ${JSON.stringify(events[conflict.index])}: ${conflict.en}`);
      for (const event of events) {
        if (!validators.get(event.kind)!.Check(event.data)) throw new Error(`invalid ${JSON.stringify(event)}`);
        aggregator.apply(
          {
            seq: ++seq,
            domain: 'documents',
            kind: event.kind,
            time: event.time as number,
            source: 'simulator',
            simulated: true,
            idempotencyKey: event.id!,
            data: event.data,
          },
          out,
        );
      }
    };
    const seed = simulator.seed(now).sort((a, b) => (a.time as number) - (b.time as number));
    ingest(seed);
    aggregator.tick(now, out);
    const live: IngestEvent[] = [];
    // Steps of 5 s, as a slow feed would take them: the simulator scales by the elapsed time.
    for (let second = 5; second <= seconds; second += 5) {
      now += 5000;
      const events = simulator.step(now, 5000, 1);
      ingest(events);
      live.push(...events);
      aggregator.flush(out);
      aggregator.tick(now, out);
    }
    return { seed, live, out };
  }

  it('seeds 32 days of document flow at a working-day pace, then works in office hours', () => {
    const { seed, live, out } = run(T0, 1800);
    const calendar = createOfficeCalendar(TIME_ZONE);
    const perDay = new Map<string, { incoming: number; outgoing: number }>();
    for (const event of seed) {
      const day = dayKey(event.time as number, TIME_ZONE);
      const counts = perDay.get(day) ?? { incoming: 0, outgoing: 0 };
      if (event.kind === 'documents.received') counts.incoming++;
      if (event.kind === 'documents.issued') counts.outgoing++;
      perDay.set(day, counts);
    }
    expect(perDay.size).toBeGreaterThanOrEqual(32);
    for (const [day, counts] of perDay) {
      if (day === dayKey(T0, TIME_ZONE) || day === dayKey(T0 - 32 * DAY, TIME_ZONE)) continue;
      if (calendar.isWorkingDay(Date.parse(`${day}T05:00:00Z`))) {
        expect(counts.incoming, day).toBeGreaterThanOrEqual(60);
        expect(counts.incoming, day).toBeLessThanOrEqual(130);
        expect(counts.outgoing, day).toBeGreaterThanOrEqual(25);
        expect(counts.outgoing, day).toBeLessThanOrEqual(70);
      } else {
        expect(counts.incoming, day).toBeLessThanOrEqual(20);
        expect(counts.outgoing, day).toBe(0);
      }
    }
    expect(
      seed
        .filter((event) => event.kind === 'documents.issued')
        .every((event) => calendar.isOfficeHours(event.time as number)),
    ).toBe(true);
    expect(
      seed
        .filter((event) => event.kind === 'documents.processed')
        .every((event) => calendar.isOfficeHours(event.time as number)),
    ).toBe(true);

    const kinds = (kind: string) => live.filter((event) => event.kind === kind).length;
    expect(kinds('documents.received')).toBeGreaterThanOrEqual(3);
    expect(kinds('documents.received')).toBeLessThanOrEqual(12);
    expect(kinds('documents.issued')).toBeGreaterThanOrEqual(1);
    expect(kinds('documents.processed')).toBeGreaterThanOrEqual(3);

    const summary = out.get('documents.summary');
    expect(summary.overdue).toBeGreaterThan(0);
    expect(summary.pending).toBeGreaterThan(summary.overdue);
    expect(summary.urgentPending).toBeGreaterThan(0);
    expect(summary.processedOnTimeRateMonth).toBeGreaterThan(0.8);
    expect(summary.processedOnTimeRateMonth).toBeLessThan(0.97);
    expect(summary.signedShareMonth).toBeGreaterThan(0.9);
    expect(summary.signedShareMonth).toBeLessThan(1);
    expect(summary.daily.lines[0]!.values.every((value) => value !== null && value > 0)).toBe(true);
    expect(summary.byAgency.rows.reduce((sum, r) => sum + r.value, 0)).toBe(summary.overdue);
    expect(summary.pendingByAgency.rows.reduce((sum, r) => sum + r.value, 0)).toBe(summary.pending);
  });

  it('issues and processes nothing on a Sunday; a rare document may still arrive', () => {
    // 10:00–11:00 on Sunday 29/11/2026 in Hà Nội.
    const { live } = run(Date.UTC(2026, 10, 29, 3, 0, 0), 3600, 9);
    expect(live.every((event) => event.kind === 'documents.received')).toBe(true);
    expect(live.length).toBeLessThanOrEqual(2);
    expect(
      live.filter((event) => (event.time as number) > Date.UTC(2026, 10, 29, 3, 0, 0) + 30 * MINUTE).length,
    ).toBeLessThanOrEqual(1);
  });
});
