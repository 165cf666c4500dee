/**
 * The bound on what an uploaded workbook unpacks to: a real template passes, a small ZIP that
 * inflates past the bound is refused before the Excel library unpacks it, also when its
 * directory lies about the size, and a damaged one is called damaged.
 */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { MAX_UNPACKED_BYTES, zipProblem } from './zip-bounds';

async function workbookWith(text: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Số liệu').getCell('A1').value = text;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The central directory entry of the largest file, where its unpacked size is declared. */
function largestEntry(zip: Buffer): number {
  let best = -1;
  for (let at = 0; at + 46 <= zip.length; at++) {
    if (zip.readUInt32LE(at) === 0x02014b50 && (best < 0 || zip.readUInt32LE(at + 24) > zip.readUInt32LE(best + 24)))
      best = at;
  }
  return best;
}

describe('zipProblem', () => {
  it('lets a real workbook through', async () => {
    expect(zipProblem(await workbookWith('Phường Tam Thanh'))).toBeNull();
  });

  it('refuses a small file that unpacks past the bound, before anything else unpacks it', async () => {
    const bomb = await workbookWith('0'.repeat(MAX_UNPACKED_BYTES + 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(zipProblem(bomb)).toBe('too-large');
  });

  it('inflates to find out when the directory declares less than the entry holds', async () => {
    const bomb = await workbookWith('0'.repeat(MAX_UNPACKED_BYTES + 1024));
    bomb.writeUInt32LE(1000, largestEntry(bomb) + 24);
    expect(zipProblem(bomb)).toBe('too-large');
    // Within the bound, a size that does not match what the entry inflates to is damage.
    const small = await workbookWith('0'.repeat(100_000));
    small.writeUInt32LE(1000, largestEntry(small) + 24);
    expect(zipProblem(small)).toBe('damaged');
  });

  it('calls a cut-off file damaged', async () => {
    const whole = await workbookWith('Phường Kỳ Lừa');
    expect(zipProblem(whole.subarray(0, whole.length - 30))).toBe('damaged');
  });
});
