/**
 * The documents topic through the real server: bad input refused over HTTP naming the field, the
 * summary live on an internal client, and nothing of it on a public one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import type { DocumentsSummary, TopicDeltaMessage } from '../../protocol/index';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.dispose();
});

const received = (id: string, extra: Record<string, unknown> = {}) => ({
  domain: 'documents',
  kind: 'documents.received',
  id: `${id}-received`,
  data: {
    documentId: id,
    agency: 'tn-mt',
    kind: 'cong-van',
    urgency: 'khan',
    receivedAt: Date.now() - 3 * DAY,
    dueAt: Date.now() - DAY,
    ...extra,
  },
});

describe('documents topic over Socket.IO', () => {
  it('refuses bad input over HTTP, naming the field, and stores nothing', async () => {
    const before = app.ioc.store.count();
    const cases: Array<[unknown, number, string]> = [
      [received('bad-1', { kind: 'thu-tay' }), 400, 'events[0].data.kind'],
      [received('bad-2', { urgency: 'rat-khan' }), 400, 'events[0].data.urgency'],
      [received('bad-3', { trichYeu: 'V/v thu hồi đất' }), 400, 'events[0].data.trichYeu'],
      [
        {
          domain: 'documents',
          kind: 'documents.issued',
          data: {
            documentId: 'o',
            agency: 'tc-kh',
            kind: 'cong-van',
            urgency: 'thuong',
            issuedAt: Date.now(),
            signed: 'có',
          },
        },
        400,
        'events[0].data.signed',
      ],
      [received('bad-4', { dueAt: Date.now() - 4 * DAY }), 409, 'events[0].data.dueAt'],
      [
        { domain: 'documents', kind: 'documents.processed', data: { documentId: 'ghost', processedAt: Date.now() } },
        409,
        'events[0].data.documentId',
      ],
    ];
    for (const [body, status, field] of cases) {
      const response = await app.post(body);
      expect(response.status, field).toBe(status);
      expect(response.body.field).toBe(field);
      expect(String(response.body.message)).toContain(field);
    }
    expect(app.ioc.store.count()).toBe(before);
  });

  it('gives an internal client the summary live, and a public client nothing of it', async () => {
    const ops = await app.connect({ role: 'leader' });
    const pub = await app.connect();
    expect(await app.subscribe(ops, { topic: 'documents.summary' })).toMatchObject({ ok: true, mode: 'snapshot' });
    expect(await app.subscribe(pub, { topic: 'documents.summary' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await fetch(`${app.url}/api/v1/topics/documents.summary`)).status).toBe(401);
    let latest: DocumentsSummary | null = null;
    ops.on('topic:delta', (message: TopicDeltaMessage) => {
      if (message.topic === 'documents.summary') latest = (message.delta as { set: DocumentsSummary }).set;
    });
    const seenByPublic: unknown[] = [];
    pub.on('topic:delta', (message) => seenByPublic.push(message));

    const now = Date.now();
    const response = await app.post([
      received('VB-1'), // due yesterday: overdue
      received('VB-2', { dueAt: now + DAY, urgency: 'thuong' }),
      {
        domain: 'documents',
        kind: 'documents.issued',
        id: 'VB-3-issued',
        data: {
          documentId: 'VB-3',
          agency: 'tn-mt',
          kind: 'bao-cao',
          urgency: 'thuong',
          issuedAt: now - HOUR,
          signed: true,
        },
      },
    ]);
    expect(response).toMatchObject({ status: 200, body: { accepted: 3 } });
    const start = Date.now();
    while ((latest as DocumentsSummary | null)?.overdue !== 1) {
      if (Date.now() - start > 3000) throw new Error('no documents.summary delta');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const summary = latest as unknown as DocumentsSummary;
    expect(summary).toMatchObject({ pending: 2, overdue: 1, urgentPending: 1 });
    expect(summary.byAgency.rows.find((row) => row.key === 'tn-mt')).toMatchObject({ value: 1, detail: 2 });
    expect(seenByPublic).toEqual([]);
  });
});
