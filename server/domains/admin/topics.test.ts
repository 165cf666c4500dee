/**
 * The public administration topics through the real server: ingest over HTTP (bad input refused
 * naming the field), an internal client that gets every admin topic live, and a public client that
 * gets the public summary only — never a dossier, a procedure or the internal summaries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSocket } from '../../test-support/test-app';
import type { AdminPublicSummary, AdminSummary, ListItem, TopicDeltaMessage } from '../../protocol/index';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.dispose();
});

const dossier = (id: string, extra: Record<string, unknown> = {}) => ({
  domain: 'admin',
  kind: 'admin.dossier-received',
  id: `${id}-received`,
  data: {
    dossierId: id,
    procedure: 'hkd-thanh-lap',
    agency: 'tc-kh',
    ward: '05974',
    level: 'full',
    channel: 'online',
    feeVnd: 100_000,
    paidOnline: true,
    receivedAt: Date.now() - 2 * HOUR,
    dueAt: Date.now() + 3 * DAY,
    ...extra,
  },
});

/** Every delta a socket receives, as text, and the latest value per topic. */
function record(socket: TestSocket) {
  const seen: string[] = [];
  const latest = new Map<string, unknown>();
  socket.on('topic:delta', (message: TopicDeltaMessage) => {
    seen.push(JSON.stringify(message));
    const delta = message.delta as { set?: unknown; upsert?: unknown[] };
    if ('set' in delta) latest.set(message.topic, delta.set);
    if (delta.upsert) latest.set(message.topic, [...((latest.get(message.topic) as unknown[]) ?? []), ...delta.upsert]);
  });
  return { text: () => seen.join('\n'), latest };
}

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting for the topics');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('admin topics over Socket.IO', () => {
  it('refuses bad input over HTTP, naming the field, and stores nothing', async () => {
    const before = app.ioc.store.count();
    const cases: Array<[unknown, number, string]> = [
      [dossier('bad-1', { level: 'complete' }), 400, 'events[0].data.level'],
      [dossier('bad-2', { applicantName: 'Nguyễn Văn A' }), 400, 'events[0].data.applicantName'],
      [dossier('bad-3', { feeVnd: -5 }), 400, 'events[0].data.feeVnd'],
      [dossier('bad-4', { ward: 'Tam Thanh' }), 400, 'events[0].data.ward'],
      [dossier('bad-5', { dueAt: Date.now() - 3 * HOUR }), 409, 'events[0].data.dueAt'],
      [
        { domain: 'admin', kind: 'admin.dossier-resolved', data: { dossierId: 'ghost', resolvedAt: Date.now() } },
        409,
        'events[0].data.dossierId',
      ],
      [
        [
          dossier('bad-6'),
          {
            domain: 'admin',
            kind: 'admin.dossier-resolved',
            data: { dossierId: 'bad-6', resolvedAt: Date.now() - 3 * HOUR },
          },
        ],
        409,
        'events[1].data.resolvedAt',
      ],
      [
        {
          domain: 'admin',
          kind: 'admin.month-report',
          data: { month: '2099-01', received: 1, receivedOnline: 0, resolved: 0, resolvedOnTime: 0 },
        },
        409,
        'events[0].data.month',
      ],
    ];
    for (const [body, status, field] of cases) {
      const response = await app.post(body);
      expect(response.status, field).toBe(status);
      expect(response.body.field).toBe(field);
      expect(String(response.body.message)).toContain(field);
      expect(String(response.body.messageVi)).toContain(field);
    }
    expect(app.ioc.store.count()).toBe(before);
  });

  it('gives an internal client every admin topic live, and a public client the public summary only', async () => {
    const ops = await app.connect({ role: 'operator' });
    const pub = await app.connect();
    for (const topic of ['admin.summary', 'admin.public-summary', 'admin.overdue'] as const) {
      expect(await app.subscribe(ops, { topic }), topic).toMatchObject({ ok: true, mode: 'snapshot' });
    }
    expect(await app.subscribe(pub, { topic: 'admin.public-summary' })).toMatchObject({ ok: true, mode: 'snapshot' });
    for (const topic of ['admin.summary', 'admin.overdue', 'documents.summary'] as const) {
      expect(await app.subscribe(pub, { topic }), topic).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((await fetch(`${app.url}/api/v1/topics/admin.summary`)).status).toBe(401); // no one signed in
    expect((await fetch(`${app.url}/api/v1/topics/admin.overdue`)).status).toBe(401);
    const internal = record(ops);
    const external = record(pub);

    // Five dossiers resolved, and one three days past the date promised on its receipt.
    const now = Date.now();
    const events: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      events.push(dossier(`HS-${i}`));
      events.push({
        domain: 'admin',
        kind: 'admin.dossier-resolved',
        id: `HS-${i}-resolved`,
        data: { dossierId: `HS-${i}`, resolvedAt: now - HOUR },
      });
    }
    events.push(
      dossier('HS-LATE-7731', {
        procedure: 'gpxd-nha-o',
        agency: 'qldt',
        ward: '05980',
        level: 'partial',
        channel: 'direct',
        feeVnd: 75_000,
        paidOnline: false,
        receivedAt: now - 20 * DAY,
        dueAt: now - 3 * DAY - HOUR,
      }),
    );
    const response = await app.post(events);
    expect(response).toMatchObject({ status: 200, body: { accepted: 11 } });

    await until(
      () =>
        ((internal.latest.get('admin.overdue') as ListItem[] | undefined)?.length ?? 0) > 0 &&
        external.latest.has('admin.public-summary'),
    );
    expect(internal.latest.get('admin.overdue')).toEqual([
      {
        id: 'HS-LATE-7731',
        time: now - 3 * DAY - HOUR,
        title: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
        tone: 'bad',
        meta: {
          vi: 'Phòng Quản lý đô thị · Phường Đông Kinh · quá hạn 3 ngày',
          en: 'Urban Management · Dong Kinh Ward · overdue by 3 days',
        },
      },
    ]);
    await until(() => (internal.latest.get('admin.summary') as AdminSummary | undefined)?.overdue === 1);
    const summary = internal.latest.get('admin.summary') as AdminSummary;
    expect(summary).toMatchObject({ pending: 1, overdue: 1 });
    expect(summary.overdueByAgency.rows.find((row) => row.key === 'qldt')).toMatchObject({ value: 1, detail: 1 });

    await until(() => (external.latest.get('admin.public-summary') as AdminPublicSummary).overdue === 1);
    const publicSummary = external.latest.get('admin.public-summary') as AdminPublicSummary;
    expect(publicSummary).toMatchObject({ pending: 1, overdue: 1 });
    // Whatever reached the public socket: no dossier, no procedure, nothing from an internal topic.
    const text = external.text();
    for (const secret of ['HS-', 'giấy phép', 'hộ kinh doanh', 'quá hạn 3 ngày']) expect(text).not.toContain(secret);
    for (const line of text.split('\n')) expect(JSON.parse(line).topic).toBe('admin.public-summary');
    // The public snapshot over HTTP says the same.
    const snapshot = await fetch(`${app.url}/api/v1/topics/admin.public-summary`);
    expect(snapshot.status).toBe(200);
    expect(JSON.stringify(await snapshot.json())).not.toContain('HS-');
  });
});
