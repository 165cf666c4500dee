/**
 * Retention: events accepted before the first day of the month `hotMonths` back (city time) move
 * from the hot store to their month's archive file, in batches of `batchEvents`, and only those a
 * snapshot covers (`coveredSeq`), so that a start never needs them.
 *
 * Each batch: its events are read (WAL: beside the writer), gzipped and appended to the month's
 * file and synced; then ONE short transaction deletes them from `events` and records the batch
 * and its idempotency keys (the ledger: SQLite's or PostgreSQL's, `archive-ledger.ts`).
 * That transaction is the commit point: a crash before it leaves bytes past the recorded end of
 * the file, which the next run cuts off; after it, the batch is archived and gone from the hot
 * store together. Between batches the run yields to the event loop, so ingest's group commits
 * wait for one batch's delete at most.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { addMonths, localTime, monthKey } from '../../domains/calendar';
import { manifestFileName, monthFileName, sha256, type ArchivedBatch } from './archive-files';
import type { ArchiveLedger, HotRow } from './archive-ledger';

export interface RetentionPolicy {
  hotMonths: number;
  /** Where the month files go: relative to the data folder, or absolute. */
  archiveDir: string;
  batchEvents: number;
}

/** Where a run stops on purpose in the tests: a crash between two steps of a batch. */
export type RetentionStep = 'appended' | 'recorded';

export interface RetentionRun {
  dataDir: string;
  policy: RetentionPolicy;
  timeZone: string;
  now: number;
  /** The newest snapshot a start would load: nothing after it leaves the hot store. */
  coveredSeq: number;
  /** Called after each step of a batch (tests throw here to simulate a crash). */
  afterStep?: (step: RetentionStep) => void;
}

export interface RetentionResult {
  /** Events moved to the archive by this run. */
  archived: number;
  batches: number;
  /** The months whose file grew. */
  months: string[];
  /** The last seq the archive holds now (0: none). */
  archivedThrough: number;
  /** The acceptance time before which events are due for the archive. */
  cutoff: number;
}

/** The first moment that stays hot: the first day, 00:00 city time, of the month `hotMonths` back. */
export function retentionCutoff(now: number, hotMonths: number, timeZone: string): number {
  return localTime(`${addMonths(monthKey(now, timeZone), -hotMonths)}-01`, 0, 0, timeZone);
}

const yieldToIngest = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runRetention(ledger: ArchiveLedger, run: RetentionRun): Promise<RetentionResult> {
  const { dataDir, policy, timeZone } = run;
  const cutoff = retentionCutoff(run.now, policy.hotMonths, timeZone);
  const dir = path.resolve(dataDir, policy.archiveDir);
  mkdirSync(dir, { recursive: true });
  // The newest event always stays hot: SQLite gives a new row max(seq) + 1, so an empty table
  // would hand out the archived seqs again.
  const through = Math.min(run.coveredSeq, (await ledger.newestSeq()) - 1);
  const recorded = await ledger.batches();
  const ends = monthEnds(recorded);
  const touched = new Set<string>();
  let archived = 0;
  let batches = 0;
  // Months that a crashed run left unfinished get their manifest again.
  for (const month of ends.keys()) if (!manifestCurrent(dataDir, recorded, month)) touched.add(month);
  for (;;) {
    const candidates = await ledger.oldest(through, policy.batchEvents);
    // One month per batch, and only what was accepted before the cutoff.
    const first = candidates[0];
    if (!first || first.receivedAt >= cutoff) break;
    const month = monthKey(first.receivedAt, timeZone);
    const taken: HotRow[] = [];
    for (const row of candidates) {
      if (row.receivedAt >= cutoff || monthKey(row.receivedAt, timeZone) !== month) break;
      taken.push(row);
    }
    const file = path.join(path.relative(dataDir, dir) || '.', monthFileName(month));
    const absolute = path.resolve(dataDir, file);
    const offset = ends.get(month) ?? 0;
    cutTo(absolute, offset);
    const member = gzipSync(taken.map(lineOf).join(''));
    appendSynced(absolute, member);
    run.afterStep?.('appended');
    const batch: ArchivedBatch = {
      seqFrom: taken[0]!.seq,
      seqTo: taken.at(-1)!.seq,
      month,
      file,
      offset,
      length: member.length,
      events: taken.length,
      sha256: sha256(member),
      firstReceivedAt: taken[0]!.receivedAt,
      lastReceivedAt: taken.at(-1)!.receivedAt,
    };
    await ledger.commit(batch, taken, run.now);
    run.afterStep?.('recorded');
    ends.set(month, offset + member.length);
    touched.add(month);
    archived += taken.length;
    batches++;
    await yieldToIngest();
  }
  const all = await ledger.batches();
  for (const month of touched) writeManifest(dataDir, all, month);
  return {
    archived,
    batches,
    months: [...touched].sort(),
    archivedThrough: all.at(-1)?.seqTo ?? 0,
    cutoff,
  };
}

function lineOf(row: HotRow): string {
  const event = {
    seq: row.seq,
    domain: row.domain,
    kind: row.kind,
    time: row.time,
    receivedAt: row.receivedAt,
    source: row.source,
    simulated: row.simulated,
    idempotencyKey: row.idempotencyKey,
    data: JSON.parse(row.payload) as unknown,
  };
  return `${JSON.stringify(event)}\n`;
}

/** Where each month's recorded bytes end. */
function monthEnds(batches: ArchivedBatch[]): Map<string, number> {
  const ends = new Map<string, number>();
  for (const batch of batches) ends.set(batch.month, Math.max(ends.get(batch.month) ?? 0, batch.offset + batch.length));
  return ends;
}

/** Cuts off what a crashed run appended past the recorded end; a file shorter than that is damage. */
function cutTo(file: string, end: number): void {
  const size = existsSync(file) ? statSync(file).size : 0;
  if (size < end) throw new Error(`archive ${file}: ${size} bytes, the record says ${end}; restore it from a backup`);
  if (size > end) truncateSync(file, end);
}

function appendSynced(file: string, bytes: Uint8Array): void {
  const fd = openSync(file, 'a');
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

interface Manifest {
  month: string;
  file: string;
  events: number;
  firstSeq: number;
  lastSeq: number;
  firstReceivedAt: number;
  lastReceivedAt: number;
  bytes: number;
  sha256: string;
  batches: Array<Pick<ArchivedBatch, 'seqFrom' | 'seqTo' | 'offset' | 'length' | 'events' | 'sha256'>>;
}

function monthBatches(all: readonly ArchivedBatch[], month: string): ArchivedBatch[] {
  return all.filter((batch) => batch.month === month);
}

function manifestCurrent(dataDir: string, all: readonly ArchivedBatch[], month: string): boolean {
  const batches = monthBatches(all, month);
  const file = path.resolve(dataDir, path.dirname(batches[0]!.file), manifestFileName(month));
  try {
    const manifest = JSON.parse(readText(file)) as Manifest;
    return manifest.lastSeq === batches.at(-1)!.seqTo && manifest.batches.length === batches.length;
  } catch {
    return false;
  }
}

/** A month's manifest beside its file (for people and other tools; the record is the database's). */
function writeManifest(dataDir: string, all: readonly ArchivedBatch[], month: string): void {
  const batches = monthBatches(all, month);
  const file = path.resolve(dataDir, batches[0]!.file);
  const bytes = batches.at(-1)!.offset + batches.at(-1)!.length;
  cutTo(file, bytes);
  const manifest: Manifest = {
    month,
    file: path.basename(file),
    events: batches.reduce((sum, batch) => sum + batch.events, 0),
    firstSeq: batches[0]!.seqFrom,
    lastSeq: batches.at(-1)!.seqTo,
    firstReceivedAt: batches[0]!.firstReceivedAt,
    lastReceivedAt: batches.at(-1)!.lastReceivedAt,
    bytes,
    sha256: sha256(readBytes(file)),
    batches: batches.map(({ seqFrom, seqTo, offset, length, events, sha256: hash }) => ({
      seqFrom,
      seqTo,
      offset,
      length,
      events,
      sha256: hash,
    })),
  };
  const target = path.join(path.dirname(file), manifestFileName(month));
  writeFileSync(`${target}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${target}.tmp`, target);
}

const readText = (file: string) => readFileSync(file, 'utf8');
const readBytes = (file: string) => readFileSync(file);
