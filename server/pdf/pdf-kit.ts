/**
 * What the server's PDFs share: a pdfkit document with the bundled Noto Sans (every Vietnamese
 * diacritic, embedded as real text), and its bytes when it is done.
 */
import PDFDocument from 'pdfkit';
import { fileURLToPath } from 'node:url';

const FONTS_DIR = fileURLToPath(new URL('../../fixtures/fonts/', import.meta.url));
export const FONT_REGULAR = 'noto';
export const FONT_BOLD = 'noto-bold';

export type Pdf = PDFKit.PDFDocument;

export function createPdf(options: PDFKit.PDFDocumentOptions & { title: string }): Pdf {
  const { title, ...rest } = options;
  const doc = new PDFDocument({ ...rest, info: { Title: title, Creator: 'IOC Lạng Sơn', Producer: 'ioc-wall' } });
  doc.registerFont(FONT_REGULAR, `${FONTS_DIR}NotoSans-Regular.ttf`);
  doc.registerFont(FONT_BOLD, `${FONTS_DIR}NotoSans-Bold.ttf`);
  doc.font(FONT_REGULAR);
  return doc;
}

/** Ends the document and gives its bytes. */
export function pdfBytes(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
