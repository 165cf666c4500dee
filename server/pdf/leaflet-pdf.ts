/**
 * A ward's leaflet (tờ rơi), A5 portrait: report a problem from your phone in three steps, the QR
 * code to the citizens' page (drawn as vector modules, error correction M, a four-module quiet
 * zone) with its address in words, and the hotline. Vietnamese first, English smaller beneath.
 */
import type { LocalizedText } from '../protocol/topics';
import { createPdf, FONT_BOLD, FONT_REGULAR, pdfBytes, type Pdf } from './pdf-kit';
import { PROMOTION_STEPS, PROMOTION_TITLE } from '../promotion/promotion-text';
import { qrSymbol } from '../../widgets/qr-code/symbol';
import { QUIET_ZONE_MODULES } from '../../widgets/qr-code/sizing';

export interface LeafletInput {
  ward: LocalizedText;
  city: LocalizedText;
  url: string;
  hotline: string | null;
}

const INK = '#0f172a';
const MUTED = '#475569';
const ACCENT = '#b91c1c';

/** The same symbol the LED panels draw (one path of dark-module runs, quiet zone included), scaled to `side`. */
function drawQr(doc: Pdf, url: string, x: number, y: number, side: number): void {
  const symbol = qrSymbol(url);
  const module = side / (symbol.size + 2 * QUIET_ZONE_MODULES);
  doc.rect(x, y, side, side).fill('#ffffff');
  doc.save().translate(x, y).scale(module).path(symbol.path).fill('#000000').restore();
}

export async function leafletPdf(input: LeafletInput): Promise<Buffer> {
  const margin = 32;
  const doc = createPdf({ size: 'A5', layout: 'portrait', margin, title: `${PROMOTION_TITLE.vi} — ${input.ward.vi}` });
  const width = doc.page.width - 2 * margin;

  doc.rect(0, 0, doc.page.width, 8).fill(ACCENT);
  doc
    .font(FONT_BOLD)
    .fontSize(9)
    .fillColor(MUTED)
    .text(`${input.city.vi.toUpperCase()} · ${input.ward.vi.toUpperCase()}`, margin, margin, { width });
  doc.font(FONT_BOLD).fontSize(18).fillColor(INK).text(PROMOTION_TITLE.vi, { width });
  doc.font(FONT_REGULAR).fontSize(10).fillColor(MUTED).text(`${PROMOTION_TITLE.en} · ${input.ward.en}`, { width });
  doc.moveDown(0.6);

  PROMOTION_STEPS.forEach((step, index) => {
    const y = doc.y;
    doc.circle(margin + 11, y + 11, 11).fill(ACCENT);
    doc
      .font(FONT_BOLD)
      .fontSize(13)
      .fillColor('#ffffff')
      .text(String(index + 1), margin, y + 3, { width: 22, align: 'center' });
    doc
      .font(FONT_BOLD)
      .fontSize(11.5)
      .fillColor(INK)
      .text(step.vi, margin + 32, y, { width: width - 32 });
    doc
      .font(FONT_REGULAR)
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(step.en, margin + 32, doc.y, { width: width - 32 });
    doc.x = margin;
    doc.y = Math.max(doc.y, y + 24) + 7;
  });

  const side = Math.min(width * 0.62, doc.page.height - doc.y - 120);
  const qrX = margin + (width - side) / 2;
  const qrY = doc.y + 4;
  drawQr(doc, input.url, qrX, qrY, side);
  doc
    .font(FONT_BOLD)
    .fontSize(11)
    .fillColor(INK)
    .text(input.url, margin, qrY + side + 4, { width, align: 'center' });
  doc
    .font(FONT_REGULAR)
    .fontSize(8.5)
    .fillColor(MUTED)
    .text('Quét mã để phản ánh · Scan to report', { width, align: 'center' });
  doc.moveDown(0.5);
  if (input.hotline) {
    doc
      .font(FONT_BOLD)
      .fontSize(14)
      .fillColor(ACCENT)
      .text(`Đường dây nóng: ${input.hotline}`, { width, align: 'center' });
    doc.font(FONT_REGULAR).fontSize(8.5).fillColor(MUTED).text(`Hotline: ${input.hotline}`, { width, align: 'center' });
  }
  doc
    .font(FONT_REGULAR)
    .fontSize(7.5)
    .fillColor(MUTED)
    .text(
      'Không cần cài ứng dụng, không cần tài khoản. Thông tin cá nhân của bạn không được công khai. · No app, no account needed; your personal details are never published.',
      margin,
      doc.page.height - margin - 22,
      { width, align: 'center' },
    );
  return pdfBytes(doc);
}
