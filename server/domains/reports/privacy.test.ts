/**
 * The privacy rules of citizen reports at the socket and HTTP level: whatever the input, a public
 * connection never receives a reporter's contact, exact coordinates or unapproved text, and only
 * an operator's explicit report-detail request returns the contact (audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestApp, type TestApp, type TestSocket } from '../../test-support/test-app';
import type { TopicName } from '../../protocol/topics';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.dispose();
});

const PUBLIC_TOPICS: TopicName[] = [
  'reports.public-summary',
  'reports.public-recent',
  'kpi.values',
  'traffic.summary',
  'ticker.items',
  'alerts.emergency',
];

/** Everything a public socket holds: the snapshots it got and every delta since. */
async function publicView(): Promise<{ text: () => string; socket: TestSocket }> {
  const socket = await app.connect();
  const seen: string[] = [];
  socket.on('topic:delta', (message) => seen.push(JSON.stringify(message)));
  for (const topic of PUBLIC_TOPICS) seen.push(JSON.stringify(await app.subscribe(socket, { topic })));
  return { text: () => seen.join('\n'), socket };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 60));
// eslint-disable-next-line no-control-regex -- control characters and bidi overrides: what generated text must lack
const CONTROL = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const safeText = fc.string({ minLength: 3, maxLength: 30 }).filter((s) => !CONTROL.test(s) && s.trim().length >= 3);

describe('privacy of citizen reports on public paths', () => {
  it('a public socket never carries contacts, exact places or unapproved text (property)', async () => {
    const view = await publicView();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          title: safeText,
          description: safeText,
          name: safeText,
          phone: safeText,
          email: safeText,
          lat: fc.double({ min: 21.835, max: 21.87, noNaN: true }),
          lon: fc.double({ min: 106.745, max: 106.775, noNaN: true }),
          category: fc.constantFrom('waste', 'noise', 'security', 'health', 'road-damage'),
          approve: fc.boolean(),
          publicTitle: fc.option(safeText),
          makePrivate: fc.boolean(),
        }),
        async (input) => {
          const id = `p-${++n}`;
          const marker = `Z${n}q`;
          const exactLat = Number(input.lat.toFixed(5));
          const exactLon = Number(input.lon.toFixed(5));
          const events: unknown[] = [
            {
              domain: 'reports',
              kind: 'report.created',
              data: {
                reportId: id,
                category: input.category,
                title: `${marker}T ${input.title}`,
                description: `${marker}D ${input.description}`,
                lat: exactLat,
                lon: exactLon,
                address: `${marker}A`,
                reporter: {
                  name: `${marker}N ${input.name}`,
                  phone: `${marker}P ${input.phone}`,
                  email: `${marker}E ${input.email}`,
                },
              },
            },
          ];
          if (input.approve)
            events.push({ domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'approved' } });
          if (input.publicTitle !== null)
            events.push({
              domain: 'reports',
              kind: 'report.moderated',
              data: { reportId: id, publicTitle: `${marker}V ${input.publicTitle}` },
            });
          if (input.makePrivate)
            events.push({ domain: 'reports', kind: 'report.moderated', data: { reportId: id, private: true } });
          expect((await app.postAsModerator(events)).status).toBe(200);
          await settle();
          const text = view.text();
          for (const secret of [`${marker}N`, `${marker}P`, `${marker}E`, `${marker}D`, `${marker}A`])
            expect(text).not.toContain(secret);
          const visible =
            input.approve && !input.makePrivate && input.category !== 'security' && input.category !== 'health';
          if (!visible) {
            expect(text).not.toContain(`${marker}T`);
            expect(text).not.toContain(`${marker}V`);
          } else {
            // The approved text is the moderator's title when there is one, else the title.
            expect(text).toContain(input.publicTitle !== null ? `${marker}V` : `${marker}T`);
          }
          if (exactLat !== Math.round(exactLat * 1000) / 1000) expect(text).not.toContain(`"lat":${exactLat}`);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000); // 60 properties, each a round trip through HTTP and the socket

  it('public items carry a date, not a time, and a place rounded to about 100 m', async () => {
    const view = await publicView();
    await app.postAsModerator([
      {
        domain: 'reports',
        kind: 'report.created',
        data: { reportId: 'round-1', category: 'waste', title: 'Rác', description: 'x', lat: 21.85537, lon: 106.74912 },
      },
      { domain: 'reports', kind: 'report.status', data: { reportId: 'round-1', status: 'approved' } },
    ]);
    await settle();
    const snapshot = await app.subscribe(await app.connect(), { topic: 'reports.public-recent' });
    if (!snapshot.ok || snapshot.mode !== 'snapshot') throw new Error('expected a snapshot');
    const item = (snapshot.snapshot.data as unknown as Array<Record<string, unknown>>).find((i) => i.id === 'round-1')!;
    expect(item).toMatchObject({ lat: 21.855, lon: 106.749, date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(Object.keys(item).sort()).toEqual([
      'category',
      'categoryName',
      'date',
      'id',
      'lat',
      'lon',
      'response',
      'status',
      'title',
      'ward',
      'wardName',
    ]);
    view.socket.disconnect();
  });

  it('internal topics carry no contact either; only an operator’s detail request does, and it is audited', async () => {
    await app.post({
      domain: 'reports',
      kind: 'report.created',
      data: {
        reportId: 'detail-1',
        category: 'waste',
        title: 'Rác',
        description: 'Mô tả',
        lat: 21.85,
        lon: 106.76,
        reporter: { name: 'Trần Thị B', phone: '0987654321' },
      },
    });
    const ops = await app.connect({ role: 'operator' });
    const recent = await app.subscribe(ops, { topic: 'reports.recent' });
    expect(JSON.stringify(recent)).toContain('Mô tả');
    expect(JSON.stringify(recent)).not.toContain('0987654321');

    const leader = await app.signIn('leader');
    expect((await fetch(`${app.url}/api/v1/reports/detail-1`, { headers: { cookie: leader.cookie } })).status).toBe(
      403,
    );
    expect((await fetch(`${app.url}/api/v1/reports/detail-1`)).status).toBe(401);
    const operator = await app.signIn('operator');
    const detail = await fetch(`${app.url}/api/v1/reports/detail-1`, { headers: { cookie: operator.cookie } });
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({
      contact: { name: 'Trần Thị B', phone: '0987654321' },
      history: [{ status: 'new' }],
    });
    expect((await app.ioc.security.auditLog()).find((entry) => entry.action === 'report.contact-read')).toMatchObject({
      target: 'detail-1',
    });
  });

  it('an operator moderates from the console API: approve with a public title, then make private', async () => {
    await app.post({
      domain: 'reports',
      kind: 'report.created',
      data: {
        reportId: 'mod-1',
        category: 'waste',
        title: 'Rác ở nhà ông X số 5',
        description: '',
        lat: 21.85,
        lon: 106.76,
      },
    });
    const operator = await app.signIn('operator');
    const moderate = (body: unknown) =>
      fetch(`${app.url}/api/v1/reports/mod-1/moderation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: operator.cookie, 'x-csrf-token': operator.csrfToken },
        body: JSON.stringify(body),
      });
    expect((await moderate({ approve: true, publicTitle: 'Rác thải tồn đọng' })).status).toBe(200);
    const view = await publicView();
    expect(view.text()).toContain('Rác thải tồn đọng');
    expect(view.text()).not.toContain('ông X');
    expect((await moderate({ approve: true })).status).toBe(409); // already approved
    expect((await moderate({})).status).toBe(400);
    expect((await moderate({ private: true })).status).toBe(200);
    await settle();
    const again = await publicView();
    expect(again.text()).not.toContain('Rác thải tồn đọng');
    expect((await app.ioc.security.auditLog()).filter((entry) => entry.action === 'report.moderate')).toHaveLength(2);
  });
});
