/**
 * When the disk, not the request, is at fault: SQLite cannot write (full disk, read-only file or
 * folder, I/O error). Such a write is refused whole with 503 and `Retry-After`, and the store
 * reports itself degraded until a write succeeds again.
 */

/** SQLite result codes (and their extended forms, `SQLITE_IOERR_WRITE`…) that mean "cannot write". */
const CANNOT_WRITE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|PERM)/;

/** The failure's SQLite code when it means "cannot write", else null. */
function storageFailureCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CANNOT_WRITE.test(code) ? code : null;
}

export function isStorageFailure(error: unknown): boolean {
  return storageFailureCode(error) !== null;
}

/** Describes a storage failure for people: `disk or database full (SQLITE_FULL)`. */
export function storageFailureReason(error: unknown): string {
  const code = storageFailureCode(error) ?? 'unknown';
  const kind = code.startsWith('SQLITE_FULL')
    ? 'disk or database full'
    : code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM')
      ? 'database is read-only'
      : code.startsWith('SQLITE_IOERR')
        ? 'disk I/O error'
        : 'database cannot be opened';
  return `${kind} (${code})`;
}

/** Thrown to a writer when the store could not write: the HTTP layer answers 503 with Retry-After. */
export class StoreUnavailableError extends Error {
  readonly statusCode = 503;
  readonly code = 'IOC_STORE_UNAVAILABLE';
  readonly reason: string;
  constructor(reason: string) {
    super(`the event store cannot write: ${reason}`);
    this.name = 'StoreUnavailableError';
    this.reason = reason;
  }
}
