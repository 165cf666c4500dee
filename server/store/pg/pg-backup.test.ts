/**
 * Backup and restore on the real PostgreSQL (a schema of this test's own): a server writes events
 * and changes a screen, `pg_dump` copies the schema while events go on being written, the schema
 * is dropped, `pg_restore` brings it back, and a server started on it has the dump's events byte
 * for byte, the changed screen and its token. A restore over a store that exists is refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { freshPgSchema, type TestSchema } from '../../test-support/pg-schema';
import { domains } from '../../domains/index';
import { seededRandom } from '../../feeds/simulator/random';
import type { StoredEvent } from '../../domains/domain';
import { BackupError } from '../backup';
import { backupPostgres, restorePostgres } from './pg-backup';

const folders: string[] = [];
const apps: TestApp[] = [];
const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const app of apps) await app.dispose();
  for (const schema of schemas) await schema.drop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function everyEvent(app: TestApp): Promise<StoredEvent[]> {
  return app.ioc.app.store.readAfter(0, 1_000_000);
}

describe('backup and restore of the PostgreSQL store', () => {
  it('pg_dump while events are written, drop, pg_restore: the same events, screens and tokens', async () => {
    const schema = freshPgSchema();
    schemas.push(schema);
    const database = { url: schema.url, schema: schema.schema };
    const original = await startTestApp({ database });
    apps.push(original);

    const operator = await original.signIn('operator');
    const name = { vi: 'Phòng điều hành tầng 3', en: 'Operations room, 3rd floor' };
    const patch = await fetch(`${original.url}/api/v1/screens/ops`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie: operator.cookie, 'x-csrf-token': operator.csrfToken },
      body: JSON.stringify({ name, groups: ['tang-3'] }),
    });
    expect(patch.status).toBe(200);
    const { token } = await original.ioc.security.createScreenToken('ops', { actor: 'test' });

    const traffic = domains.find((domain) => domain.name === 'traffic')!;
    const simulator = traffic.createSimulator({ ...original.ioc.app.domainContext }, seededRandom(7));
    let now = Date.now() - 3_600_000;
    let writing = true;
    let posted = 0;
    const writer = (async () => {
      while (writing) {
        now += 10_000;
        const answer = await original.post(simulator.step(now, 10_000, 20));
        expect(answer.status).toBeLessThan(300);
        posted++;
      }
    })();
    while (posted < 5) await new Promise((resolve) => setImmediate(resolve));

    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-pg-backup-'));
    folders.push(dir);
    const file = path.join(dir, 'ioc.dump');
    const postedBefore = posted;
    const backup = await backupPostgres(database, file);
    writing = false;
    await writer;
    expect(posted).toBeGreaterThan(postedBefore); // writes went on during the dump
    expect(backup.schema).toBe(schema.schema);
    expect(backup.events).toBeGreaterThan(0);
    await expect(backupPostgres(database, file)).rejects.toThrow(BackupError);
    const source = (await everyEvent(original)).slice(0, backup.events);
    await original.dispose();
    apps.splice(apps.indexOf(original), 1);

    await schema.drop();
    const restored = await restorePostgres(database, file);
    expect(restored).toEqual({ events: backup.events, schema: schema.schema });

    const again = await startTestApp({ database });
    apps.push(again);
    // A consistent prefix of the log: every event up to the dump's last one, byte for byte.
    expect(await everyEvent(again)).toEqual(source);
    expect(again.ioc.screens.get('ops')?.name).toEqual(name);
    expect(again.ioc.screens.source('ops')).toBe('edited');
    expect(again.ioc.security.screenOfToken(token)).toBe('ops');
    // The restored identity goes on after the last restored seq.
    const next = await again.post(simulator.step(now + 10_000, 10_000, 20));
    expect(next.status).toBeLessThan(300);
    const after = await everyEvent(again);
    expect(after.length).toBeGreaterThan(source.length);
    expect(after[source.length]!.seq).toBeGreaterThan(source.at(-1)!.seq);

    // Over a store that exists: refused, in Vietnamese and English; nothing touched.
    let refusal: unknown;
    try {
      await restorePostgres(database, file);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(BackupError);
    expect((refusal as BackupError).vi).toContain('đã có kho sự kiện');
    expect((refusal as BackupError).message).toContain('holds an event store already');
    expect((await everyEvent(again)).length).toBe(after.length);

    // Not a dump: refused before anything is written.
    const junk = path.join(dir, 'junk.dump');
    writeFileSync(junk, 'not a dump');
    await expect(restorePostgres(database, junk)).rejects.toThrow('not a usable pg_dump backup');
    await expect(restorePostgres(database, path.join(dir, 'nothing.dump'))).rejects.toThrow('no backup file');
  }, 180_000);
});
