/**
 * Events that retention moved to the archive still count: a retried POST of one (same event id)
 * is acknowledged as a duplicate, not stored again; a report created in an archived month still
 * shows its reporter's contact to an operator (`findFirst` reads the archives); and batches
 * archived before their keys were kept get them recorded from the files. On SQLite and on the real
 * PostgreSQL (a schema of its own; there the archived month files are recorded in PostgreSQL, and
 * the server's next start loads the snapshot written before the archiving, kept in PostgreSQL too).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { SnapshotWriter } from '../../replay/snapshot-writer';
import { recordArchivedKeys } from './archive-files';
import { freshPgSchema, type TestSchema } from '../../test-support/pg-schema';

const DAY = 86_400_000;

const created = (reportId: string, name: string) => ({
  id: `created-${reportId}`,
  domain: 'reports',
  kind: 'report.created',
  data: {
    reportId,
    category: 'waste',
    title: `Rác chưa thu gom ${reportId}`,
    description: 'Rác để hai ngày ở đầu ngõ',
    lat: 21.855,
    lon: 106.749,
    address: 'Ngõ 12 Lê Lợi',
    reporter: { name, phone: '0912345678' },
  },
});

for (const backend of ['sqlite', 'postgres'] as const) {
  let clock = Date.now();
  let app: TestApp;
  let schema: TestSchema | null;

  beforeAll(async () => {
    schema = backend === 'postgres' ? freshPgSchema() : null;
    app = await startTestApp({
      now: () => clock,
      ...(schema ? { database: { url: schema.url, schema: schema.schema } } : {}),
    });
    const { runtime, snapshots } = app.ioc.app;
    const writer = new SnapshotWriter(
      runtime,
      snapshots,
      { everyEvents: 1, everyMinutes: 60, keepAllHours: 48, keepEveryHours: 3 },
      () => clock,
    );
    expect((await app.postAsModerator([created('luu-tru-1', 'Nguyễn Thị Lưu')])).status).toBe(200);
    // The newest event always stays hot: this one keeps the first company.
    expect((await app.postAsModerator([created('nong-1', 'Trần Văn Nóng')])).status).toBe(200);
    // A snapshot covers both: retention never moves what a start would need.
    expect(await writer.take()).not.toBeNull();
    clock += 250 * DAY; // eight months on: the first report's month is past the hot months
    const result = await app.ioc.app.retention.run();
    expect(result?.archived).toBe(1);
  }, 60_000);
  afterAll(async () => {
    await app.dispose();
    await schema?.drop();
  });

  describe(`archived events (${backend})`, () => {
    it('a retried event whose month was archived is a duplicate, not stored twice', async () => {
      const { store } = app.ioc.app;
      const before = await store.count();
      expect(await store.knownKeys(['created-luu-tru-1', 'khong-co'])).toEqual(new Set(['created-luu-tru-1']));
      // A new sign-in: the first one's session ended during the eight months.
      const { cookie, csrfToken } = await app.signIn('admin');
      const response = await fetch(`${app.url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify([created('luu-tru-1', 'Nguyễn Thị Lưu')]),
      });
      const again = { status: response.status, body: (await response.json()) as unknown };
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(await store.count()).toBe(before);
      // Even past ingest's check (a retry racing the archiving): the store itself refuses the key.
      const raced = await store.append([
        {
          domain: 'reports',
          kind: 'report.created',
          time: clock,
          source: 'test',
          simulated: false,
          idempotencyKey: 'created-luu-tru-1',
          data: created('luu-tru-1', 'x').data,
        },
      ]);
      expect(raced).toEqual({ stored: [], duplicates: 1 });
    });

    it('an operator sees the contact of a report created in an archived month', async () => {
      const { cookie } = await app.signIn('operator');
      const response = await fetch(`${app.url}/api/v1/reports/luu-tru-1`, { headers: { cookie } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { contact: { name: string } | null };
      expect(body.contact?.name).toBe('Nguyễn Thị Lưu');
    });

    it('a restart rebuilds with the archived report (from the snapshot that covers it, on either store)', async () => {
      await app.close();
      app = await startTestApp({
        dataDir: app.dataDir,
        now: () => clock,
        ...(schema ? { database: { url: schema.url, schema: schema.schema } } : {}),
      });
      const { cookie } = await app.signIn('operator');
      const response = await fetch(`${app.url}/api/v1/reports/luu-tru-1`, { headers: { cookie } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { title: string; contact: { name: string } | null };
      expect(body.title).toBe('Rác chưa thu gom luu-tru-1');
      expect(body.contact?.name).toBe('Nguyễn Thị Lưu');
    });

    it("reads no archived batch for a report that is not in it (today's report detail read every one first)", async () => {
      const dir = path.join(app.dataDir, 'archive');
      const files = readdirSync(dir).filter((name) => name.endsWith('.ndjson.gz'));
      expect(files.length).toBeGreaterThan(0);
      const saved = files.map((name) => [name, readFileSync(path.join(dir, name))] as const);
      // Damaged: reading any of these batches now fails its checksum.
      for (const [name, bytes] of saved) writeFileSync(path.join(dir, name), Buffer.alloc(bytes.length, 0x55));
      try {
        // A fresh process: no batch decoded and kept from an earlier look-up.
        await app.close();
        app = await startTestApp({
          dataDir: app.dataDir,
          now: () => clock,
          ...(schema ? { database: { url: schema.url, schema: schema.schema } } : {}),
        });
        const { cookie } = await app.signIn('operator');
        const response = await fetch(`${app.url}/api/v1/reports/nong-1`, { headers: { cookie } });
        expect(response.status, await response.clone().text()).toBe(200);
        expect(((await response.json()) as { contact: { name: string } | null }).contact?.name).toBe('Trần Văn Nóng');
      } finally {
        for (const [name, bytes] of saved) writeFileSync(path.join(dir, name), bytes);
      }
    });

    it.runIf(backend === 'sqlite')('records the keys of batches archived before the keys were kept', async () => {
      const { db, store } = app.ioc.app;
      db.exec('DELETE FROM archived_keys; UPDATE archived_batches SET keys_recorded = 0');
      expect((await store.knownKeys(['created-luu-tru-1'])).size).toBe(0);
      expect(recordArchivedKeys(db, app.dataDir)).toBe(1);
      expect((await store.knownKeys(['created-luu-tru-1'])).size).toBe(1);
      expect(recordArchivedKeys(db, app.dataDir)).toBe(0);
    });
  });
}
