/**
 * How much an uploaded .xlsx (a ZIP) would take once unpacked, read before the Excel library
 * unpacks it: a 10 MB upload limit means nothing if 10 MB of ZIP inflate to gigabytes (a "zip
 * bomb") and the server runs out of memory for every screen it serves.
 *
 * Only the ZIP's own directory is read (the Excel parsing stays exceljs's). The sizes it declares
 * could lie, so each entry is also inflated here with zlib's `maxOutputLength`: what the library
 * later unpacks is then known to fit.
 */
import { inflateRawSync } from 'node:zlib';

/** A monthly template unpacks to a few hundred kilobytes; this leaves room for any real one. */
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;
const MAX_ENTRIES = 500;

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

export type ZipProblem = 'damaged' | 'too-large';

/** Null when the ZIP unpacks within the bound; otherwise why not. */
export function zipProblem(zip: Buffer, maxUnpacked = MAX_UNPACKED_BYTES): ZipProblem | null {
  const end = findEndOfDirectory(zip);
  if (end < 0) return 'damaged';
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (entries > MAX_ENTRIES) return 'too-large';
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== DIRECTORY_ENTRY) return 'damaged';
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const declared = zip.readUInt32LE(at + 24);
    const local = zip.readUInt32LE(at + 42);
    // 0xFFFFFFFF means ZIP64: no office template needs it.
    if (declared === 0xffffffff || compressed === 0xffffffff) return 'too-large';
    total += declared;
    if (total > maxUnpacked) return 'too-large';
    const inflated = unpackedSize(zip, local, method, compressed, maxUnpacked - (total - declared));
    if (inflated === 'damaged' || inflated === 'too-large') return inflated;
    if (inflated !== declared) return 'damaged';
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return null;
}

function findEndOfDirectory(zip: Buffer): number {
  // The record is 22 bytes, followed by a comment of at most 65 535 bytes.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  return -1;
}

function unpackedSize(
  zip: Buffer,
  local: number,
  method: number,
  compressed: number,
  room: number,
): number | ZipProblem {
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL_HEADER) return 'damaged';
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  if (start + compressed > zip.length) return 'damaged';
  const data = zip.subarray(start, start + compressed);
  if (method === STORED) return data.length;
  if (method !== DEFLATED) return 'damaged';
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, room) }).length;
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'damaged';
  }
}
