/**
 * The data folder: it must be writable, and only one server may use it at a time. Two servers on
 * one SQLite file would each rebuild state from it and each serve their own truth, so the second
 * refuses to start (`ioc.lock` holds the first one's pid; the lock of a pid that is gone is taken
 * over). Every failure is one line naming the folder and the reason, never a stack trace.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type SqliteDatabase } from './database';

const LOCK_FILE = 'ioc.lock';

export class DataFolderError extends Error {
  readonly dir: string;
  constructor(dir: string, reason: string) {
    super(`ioc-wall: cannot open data folder ${dir}: ${reason}`);
    this.name = 'DataFolderError';
    this.dir = dir;
  }
}

function reasonOf(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message.split('\n')[0]! : String(error);
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as { code?: string }).code === 'EPERM';
  }
}

export interface DataFolderLock {
  readonly file: string;
  /** Removes the lock if it is still ours. */
  release(): void;
}

/** Creates the folder if needed and takes its lock; throws a `DataFolderError` otherwise. */
export function lockDataFolder(dir: string, pid: number = process.pid): DataFolderLock {
  const file = path.join(dir, LOCK_FILE);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new DataFolderError(dir, reasonOf(error));
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return {
        file,
        release: () => {
          try {
            if (Number(readFileSync(file, 'utf8').trim()) === pid) unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw new DataFolderError(dir, reasonOf(error));
    }
    let holder = 0;
    try {
      holder = Number(readFileSync(file, 'utf8').trim());
    } catch {
      // Removed meanwhile: try again.
    }
    // Our own pid in the lock is a previous life of this container (pids repeat there), not a rival.
    if (Number.isInteger(holder) && holder > 0 && holder !== pid && isAlive(holder)) {
      throw new DataFolderError(
        dir,
        `another ioc-wall server (pid ${holder}) is using it; stop that one first (lock file ${file})`,
      );
    }
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw new DataFolderError(dir, reasonOf(error));
    }
  }
  throw new DataFolderError(dir, `could not take the lock file ${file}`);
}

/** Opens `<dir>/ioc.sqlite`; a folder or file that cannot be opened becomes a `DataFolderError`. */
export function openDataStore(dir: string): SqliteDatabase {
  try {
    mkdirSync(dir, { recursive: true });
    return openDatabase(path.join(dir, 'ioc.sqlite'));
  } catch (error) {
    throw new DataFolderError(dir, reasonOf(error));
  }
}
