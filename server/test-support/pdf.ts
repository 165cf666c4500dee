/**
 * Reading a PDF back in tests as a person would: its text (pdfjs-dist, the text a reader can copy
 * and search, not pixels), a page as pixels (poppler's `pdftoppm`), and a QR code on that page
 * (jsQR on the raw pixels from sharp).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import jsQR from 'jsqr';

/** Every page's text, pages joined by a blank line. */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await document.destroy();
  return { pages: pages.length, text: pages.join('\n\n') };
}

/** One page as a PNG (`pdftoppm`), at `dpi`. */
export function pdfPagePng(bytes: Uint8Array, page = 1, dpi = 110): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-pdf-'));
  try {
    const input = path.join(dir, 'in.pdf');
    writeFileSync(input, bytes);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      String(dpi),
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      input,
      path.join(dir, 'page'),
    ]);
    return readFileSync(path.join(dir, 'page.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the QR code in a picture, or null when none is read. */
export async function decodeQr(png: Buffer): Promise<string | null> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const found = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height);
  return found?.data ?? null;
}
