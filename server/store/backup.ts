/**
 * Backup and restore of the data folder's SQLite store (`npm run ioc -- backup|restore <file>`).
 * A backup is SQLite's online backup (better-sqlite3 `db.backup()`): a consistent copy taken page
 * by page while the server goes on writing. A restore replaces the folder's store with a backup;
 * it takes the folder's lock, so it refuses while a server runs there and no server starts
 * meanwhile. The store it replaces is kept beside it (`ioc.sqlite.before-restore-<time>`).
 * The monthly archives (retention) are plain files: copy the archive folder beside the backup.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SqliteDatabase } from './database';
import { DataFolderError, lockDataFolder } from './data-folder';

/** Why a backup or restore cannot be done, in Vietnamese and English. */
export class BackupError extends Error {
  readonly vi: string;
  constructor(vi: string, en: string) {
    super(en);
    this.name = 'BackupError';
    this.vi = vi;
  }
}

/** A consistent copy of `db` in `file` (written beside it first, then renamed: never half a file). */
export async function backupDatabase(db: SqliteDatabase, file: string): Promise<{ bytes: number; events: number }> {
  if (existsSync(file))
    throw new BackupError(`tệp ${file} đã có; chọn tên khác`, `${file} exists already; choose another name`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const { totalPages } = await db.backup(partial);
  renameSync(partial, file);
  const copy = new Database(file, { readonly: true });
  try {
    const { n } = copy.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
    const pageSize = copy.pragma('page_size', { simple: true }) as number;
    return { bytes: totalPages * pageSize, events: n };
  } finally {
    copy.close();
  }
}

/** Replaces the store of `dataDir` with the backup `file`; refuses while a server uses the folder. */
export function restoreDatabase(
  dataDir: string,
  file: string,
  now = Date.now(),
): { replaced: string | null; events: number } {
  if (!existsSync(file)) throw new BackupError(`không có tệp sao lưu ${file}`, `no backup file ${file}`);
  let events: number;
  try {
    const backup = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const check = backup.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(String(check));
      events = (backup.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      backup.close();
    }
  } catch (error) {
    const reason = (error as Error).message;
    throw new BackupError(
      `${file} không phải bản sao lưu dùng được: ${reason}`,
      `${file} is not a usable backup: ${reason}`,
    );
  }
  let lock;
  try {
    lock = lockDataFolder(dataDir);
  } catch (error) {
    if (!(error instanceof DataFolderError)) throw error;
    throw new BackupError(
      `không khôi phục được khi máy chủ đang chạy trên thư mục ${dataDir}; hãy dừng máy chủ trước (${error.message})`,
      `cannot restore while a server runs on ${dataDir}; stop it first (${error.message})`,
    );
  }
  try {
    const target = path.join(dataDir, 'ioc.sqlite');
    let replaced: string | null = null;
    if (existsSync(target)) {
      replaced = `${target}.before-restore-${now}`;
      renameSync(target, replaced);
    }
    // The old store's write-ahead log belongs to it, never to the restored one.
    for (const suffix of ['-wal', '-shm']) {
      if (!existsSync(target + suffix)) continue;
      if (replaced) renameSync(target + suffix, replaced + suffix);
      else rmSync(target + suffix);
    }
    copyFileSync(file, `${target}.restoring`);
    renameSync(`${target}.restoring`, target);
    return { replaced, events };
  } finally {
    lock.release();
  }
}
