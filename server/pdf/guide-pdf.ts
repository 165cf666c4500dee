/**
 * A role's guide as a printable A4 PDF for the training hall: the same steps as `/huong-dan/<role>`,
 * text as text in the bundled Noto Sans (copyable, searchable, every diacritic right), each step's
 * screenshot beside its words. A screenshot not on disk is left out, never drawn as a blank box.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Guide } from '../guides/guide-schema';
import { createPdf, FONT_BOLD, FONT_REGULAR, pdfBytes, type Pdf } from './pdf-kit';

const INK = '#0f172a';
const MUTED = '#475569';
const ACCENT = '#b91c1c';
const MARGIN = 48;
/** The widest and tallest a screenshot may be drawn, in points: a phone's stays narrow, a desktop's fills the line. */
const IMAGE_MAX = { width: 330, height: 300 };

/** Starts a new page unless `needed` points still fit above the bottom margin. */
function room(doc: Pdf, needed: number): void {
  if (doc.y + needed > doc.page.height - MARGIN) doc.addPage();
}

interface Picture {
  file: string;
  width: number;
  height: number;
}

/** The screenshots on disk with their sizes (a missing one is left out). */
async function picturesOf(guide: Guide, imagesDir: string): Promise<Map<string, Picture>> {
  const names = new Set(guide.sections.flatMap((section) => section.steps.flatMap((step) => step.image ?? [])));
  const pictures = new Map<string, Picture>();
  for (const name of names) {
    const file = path.join(imagesDir, name);
    if (!existsSync(file)) continue;
    const { width, height } = await sharp(file).metadata();
    pictures.set(name, { file, width, height });
  }
  return pictures;
}

function drawImage(doc: Pdf, picture: Picture, width: number): void {
  const scale = Math.min(IMAGE_MAX.width / picture.width, IMAGE_MAX.height / picture.height, width / picture.width);
  const drawn = { width: picture.width * scale, height: picture.height * scale };
  room(doc, drawn.height + 8);
  const y = doc.y + 4;
  doc.image(picture.file, MARGIN + 28, y, drawn);
  doc
    .rect(MARGIN + 28, y, drawn.width, drawn.height)
    .lineWidth(0.5)
    .strokeColor('#94a3b8')
    .stroke();
  doc.x = MARGIN;
  doc.y = y + drawn.height + 8;
}

export async function guidePdf(guide: Guide, imagesDir: string): Promise<Buffer> {
  const pictures = await picturesOf(guide, imagesDir);
  const doc = createPdf({ size: 'A4', layout: 'portrait', margin: MARGIN, title: `${guide.title.vi} — IOC Lạng Sơn` });
  const width = doc.page.width - 2 * MARGIN;

  doc.rect(0, 0, doc.page.width, 10).fill(ACCENT);
  doc
    .font(FONT_BOLD)
    .fontSize(9)
    .fillColor(MUTED)
    .text('IOC LẠNG SƠN · HƯỚNG DẪN SỬ DỤNG · USER GUIDE', MARGIN, MARGIN, { width });
  doc.font(FONT_BOLD).fontSize(20).fillColor(INK).text(guide.title.vi, { width });
  doc.font(FONT_REGULAR).fontSize(11).fillColor(MUTED).text(guide.title.en, { width });
  doc.moveDown(0.4);
  doc.font(FONT_REGULAR).fontSize(10.5).fillColor(INK).text(guide.who.vi, { width });
  doc.font(FONT_REGULAR).fontSize(9).fillColor(MUTED).text(guide.who.en, { width });

  for (const section of guide.sections) {
    doc.moveDown(0.8);
    room(doc, 90);
    doc.font(FONT_BOLD).fontSize(15).fillColor(ACCENT).text(section.title.vi, MARGIN, doc.y, { width });
    doc.font(FONT_REGULAR).fontSize(10).fillColor(MUTED).text(section.title.en, { width });
    doc.moveDown(0.2);
    doc.font(FONT_REGULAR).fontSize(10.5).fillColor(INK).text(section.intro.vi, { width });
    doc.font(FONT_REGULAR).fontSize(9).fillColor(MUTED).text(section.intro.en, { width });
    section.steps.forEach((step, index) => {
      doc.moveDown(0.5);
      room(doc, 110);
      const y = doc.y;
      doc.circle(MARGIN + 10, y + 9, 10).fill(ACCENT);
      doc
        .font(FONT_BOLD)
        .fontSize(11)
        .fillColor('#ffffff')
        .text(String(index + 1), MARGIN, y + 3, { width: 20, align: 'center' });
      const textWidth = width - 28;
      doc
        .font(FONT_BOLD)
        .fontSize(12)
        .fillColor(INK)
        .text(step.title.vi, MARGIN + 28, y, { width: textWidth });
      doc.font(FONT_REGULAR).fontSize(9).fillColor(MUTED).text(step.title.en, { width: textWidth });
      doc.font(FONT_REGULAR).fontSize(9.5).fillColor(MUTED).text(`Trang / Page: ${step.page}`, { width: textWidth });
      doc.font(FONT_BOLD).fontSize(10.5).fillColor(INK).text(`Thao tác: ${step.press.vi}`, { width: textWidth });
      doc.font(FONT_REGULAR).fontSize(9).fillColor(MUTED).text(`Action: ${step.press.en}`, { width: textWidth });
      doc.font(FONT_REGULAR).fontSize(10.5).fillColor(INK).text(step.text.vi, { width: textWidth });
      doc.font(FONT_REGULAR).fontSize(9).fillColor(MUTED).text(step.text.en, { width: textWidth });
      const picture = step.image ? pictures.get(step.image) : undefined;
      if (picture) drawImage(doc, picture, textWidth);
      doc.x = MARGIN;
    });
  }
  return pdfBytes(doc);
}
