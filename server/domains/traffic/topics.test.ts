/**
 * The traffic topics through the real server: ingest refuses bad observations naming the field,
 * a public screen gets the flow on the roads and the safety figures but never the incident list
 * (with its places), an operator gets all of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import type { TopicName } from '../../protocol/topics';
import { waitUntil } from '../../test-support/wait-until';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.dispose();
});

const flow = (data: Record<string, unknown>) => ({
  domain: 'traffic',
  kind: 'traffic.flow-observed',
  data: {
    refRoadSegment: 'hung-vuong',
    dateObserved: new Date().toISOString(),
    intensity: 1800,
    averageVehicleSpeed: 7,
    occupancy: 0.45,
    congested: true,
    ...data,
  },
});

describe('traffic over HTTP and Socket.IO', () => {
  it('refuses a bad observation with a 400 naming the field, an unknown road with a 409', async () => {
    const bad = await app.post(flow({ occupancy: 1.2 }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('events[0].data.occupancy');
    const missing = await app.post({
      domain: 'traffic',
      kind: 'traffic.flow-observed',
      data: { refRoadSegment: 'hung-vuong', intensity: 10, averageVehicleSpeed: 30, occupancy: 0.1 },
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('events[0].data.congested');
    const unknown = await app.post(flow({ refRoadSegment: 'duong-khong-co' }));
    expect(unknown.status).toBe(409);
    expect(JSON.stringify(unknown.body)).toContain('events[0].data.refRoadSegment');
  });

  it('gives a public screen the flow and the safety figures, and never the incidents', async () => {
    const place = 'Trước nhà số 17 ngõ 5 Hùng Vương';
    expect(
      (
        await app.post([
          flow({}),
          {
            domain: 'traffic',
            kind: 'traffic.incident',
            data: {
              incidentId: 'sock-1',
              kind: 'crash',
              severity: 'serious',
              lat: 21.85617,
              lon: 106.76043,
              place,
              injuries: 2,
              deaths: 0,
            },
          },
        ])
      ).status,
    ).toBe(200);
    // The aggregator's state reaches the hub at its next tick.
    await waitUntil(
      () => (app.ioc.hub.snapshot('traffic.summary').data as { crashesToday?: number }).crashesToday === 1,
      'the crash reaches the hub',
    );

    const screen = await app.connect();
    const deltas: string[] = [];
    screen.on('topic:delta', (message) => deltas.push(JSON.stringify(message)));
    const snapshot = async (topic: TopicName) => {
      const answer = await app.subscribe(screen, { topic });
      if (!answer.ok || answer.mode !== 'snapshot') throw new Error(`${topic}: ${JSON.stringify(answer)}`);
      return answer.snapshot.data;
    };
    const segments = (await snapshot('traffic.flow')) as unknown as Array<Record<string, unknown>>;
    expect(segments.find((s) => s.id === 'hung-vuong')).toMatchObject({
      level: 'jammed',
      congested: true,
      name: { vi: 'Đường Hùng Vương' },
    });
    const summary = (await snapshot('traffic.summary')) as unknown as Record<string, unknown>;
    expect(summary).toMatchObject({ crashesToday: 1, injuriesToday: 2, monthToDate: { crashes: 1 } });
    const safety = await snapshot('traffic.safety');
    expect(await app.subscribe(screen, { topic: 'traffic.incidents' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    // The charts follow within the clock's tick (once a second): the crash is in the snapshot if
    // that tick came before the subscription, or in a delta after it.
    type SafetyByKind = { byKind?: { rows: Array<{ key: string; value: number }> } };
    const crashes = (data: SafetyByKind | undefined) => data?.byKind?.rows.find((row) => row.key === 'crash')?.value;
    const safetyDeltas = () =>
      deltas
        .map((d) => JSON.parse(d) as { topic: string; delta: { set?: SafetyByKind } })
        .filter((d) => d.topic === 'traffic.safety');
    await waitUntil(
      () => crashes(safety as SafetyByKind) === 1 || safetyDeltas().some((d) => crashes(d.delta.set) === 1),
      'the safety chart counts the crash',
    );
    // A new observation reaches the public screen as a delta.
    expect(
      (await app.post(flow({ averageVehicleSpeed: 36, occupancy: 0.05, congested: false, intensity: 700 }))).status,
    ).toBe(200);
    await waitUntil(() => deltas.join().includes('"level":"free"'), 'the new observation reaches the public screen');
    // Nothing public carries the incident's place or its exact position.
    const everything = JSON.stringify([segments, summary, safety]) + deltas.join();
    expect(everything).not.toContain(place);
    expect(everything).not.toContain('21.85617');
    expect(everything).not.toContain('106.76043');
    expect(everything).not.toContain('sock-1');
    screen.disconnect();
  });

  it('gives an operator the incidents too', async () => {
    const operator = await app.connect({ role: 'operator' });
    const answer = await app.subscribe(operator, { topic: 'traffic.incidents' });
    expect(answer).toMatchObject({ ok: true, mode: 'snapshot' });
    expect(JSON.stringify(answer)).toContain('sock-1');
    for (const topic of ['traffic.flow', 'traffic.summary', 'traffic.safety'] as const) {
      expect(await app.subscribe(operator, { topic }), topic).toMatchObject({ ok: true });
    }
    operator.disconnect();
  });
});
