/**
 * Backup while events are being written, restore into a new folder, start from it: the copy is a
 * consistent prefix of the log (no torn request, nothing missing before its last event) and the
 * restored server shows the topics that prefix gives. A restore is refused while a server runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { domains } from '../domains/index';
import { seededRandom } from '../feeds/simulator/random';
import { backupDatabase, BackupError, restoreDatabase } from './backup';
import { lockDataFolder } from './data-folder';
import type { EventStore } from './event-store';
import type { TopicName } from '../protocol/topics';

const folders: string[] = [];
const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.dispose();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const liveTopics = (app: TestApp) =>
  new Map(app.ioc.hub.list().map((info) => [info.name, app.ioc.hub.snapshot(info.name as TopicName).data]));

describe('backup and restore of the SQLite store', () => {
  it('backs up while events are written; the restored folder starts with the same log and topics', async () => {
    const original = await startTestApp();
    apps.push(original);
    const traffic = domains.find((domain) => domain.name === 'traffic')!;
    const simulator = traffic.createSimulator({ ...original.ioc.app.domainContext }, seededRandom(5));
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
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-backup-'));
    folders.push(dir);
    const file = path.join(dir, 'ioc-backup.sqlite');
    const postedBefore = posted;
    const { events } = await backupDatabase(original.ioc.app.db, file);
    writing = false;
    await writer;
    expect(posted).toBeGreaterThan(postedBefore); // writes went on during the backup
    await expect(backupDatabase(original.ioc.app.db, file)).rejects.toThrow(BackupError);

    const restoredDir = mkdtempSync(path.join(tmpdir(), 'ioc-restored-'));
    folders.push(restoredDir);
    expect(restoreDatabase(restoredDir, file).events).toBe(events);
    // Both starts on one clock: topics carry the time of their last publication.
    const at = Date.now();
    const restored = await startTestApp({ dataDir: restoredDir, now: () => at });
    apps.push(restored);
    // A consistent prefix: every event up to the copy's last one, byte for byte.
    const copy = [...(restored.ioc.app.store as EventStore).readAll()];
    expect(copy.length).toBe(events);
    const source = [...(original.ioc.app.store as EventStore).readAll()].slice(0, events);
    expect(copy).toEqual(source);
    // Starting from the backup is repeatable: a second folder restored from it shows the same topics.
    const again = mkdtempSync(path.join(tmpdir(), 'ioc-restored-'));
    folders.push(again);
    restoreDatabase(again, file);
    const second = await startTestApp({ dataDir: again, now: () => at });
    apps.push(second);
    const first = liveTopics(restored);
    expect(first.size).toBeGreaterThan(0);
    for (const [name, data] of liveTopics(second)) {
      if (name.startsWith('exceptions.')) continue; // judged live, by the clock of each start
      expect(first.get(name), name).toEqual(data);
    }
  }, 120_000);

  it('refuses to restore while a server runs on the folder, in Vietnamese and English', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-busy-'));
    folders.push(dir);
    const app = await startTestApp({ dataDir: dir });
    apps.push(app);
    const file = path.join(dir, 'copy.sqlite');
    await backupDatabase(app.ioc.app.db, file);
    // The running server's lock (a live process other than this one).
    const lock = lockDataFolder(dir, process.ppid);
    try {
      let refusal: unknown;
      try {
        restoreDatabase(dir, file);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(BackupError);
      expect((refusal as BackupError).vi).toContain('máy chủ đang chạy');
      expect((refusal as BackupError).message).toContain('stop it first');
    } finally {
      lock.release();
    }
    expect(() => restoreDatabase(dir, path.join(dir, 'nothing.sqlite'))).toThrow('no backup file');
  }, 60_000);
});
