/**
 * The briefing pack (A4 landscape): the dashboard drawn as vectors from its layout and the tables
 * of its widgets (tiles with their figures, bar and line charts, rankings, tables, the map as the
 * wards' choropleth from the fixtures' geometry), then what needs attention now (when the
 * exceptions topic exists), then the tables behind every figure. Every page says the moment, in
 * the city's time, and where the data come from. All text is text (Noto Sans, embedded).
 */
import type { Dashboard, WidgetPlacement } from '../../config/schema/dashboard';
import type { LocalizedText } from '../protocol/topics';
import { formatNumber, formatPercent } from '../protocol/format/format';
import { MEANING_COLOURS, type Meaning } from '../../widgets/meaning';
import { createPdf, FONT_BOLD, FONT_REGULAR, pdfBytes, type Pdf } from './pdf-kit';
import { isLocalized, type ExportCell, type ExportTable } from '../export/widget-table';
import type { AttentionItem } from './attention';

/** A ward's area (lon/lat rings) for the map's choropleth. */
export interface WardShape {
  code: string;
  name: LocalizedText;
  polygon: ReadonlyArray<ReadonlyArray<readonly [number, number] | readonly number[]>>;
}

export interface BriefingInput {
  dashboard: Dashboard;
  tables: ExportTable[];
  /** The meaning of each KPI tile's figure, by placement id (the palette the screen uses). */
  meanings: ReadonlyMap<string, Meaning>;
  /** What needs attention now; null when there is no exceptions topic (the section is left out). */
  attention: AttentionItem[] | null;
  moment: LocalizedText;
  source: LocalizedText;
  city: LocalizedText;
  simulated: boolean;
  wards: readonly WardShape[];
  /** Whether the ward areas are schematic (the map says so, as on the screen). */
  schematic: boolean;
}

const INK = '#111827';
const MUTED = '#4b5563';
const RULE = '#d1d5db';
const PANEL = '#f3f4f6';
const SERIES_COLOURS = ['#2563eb', '#0d9488', '#7c3aed', '#db2777', '#ea580c'];
const MARGIN = 28;

/**
 * A period still running (today, this month) is drawn as the screen draws it: dashed and lighter,
 * named "so far", never as a collapse. The method is named once per chart and beside the row.
 */
const SO_FAR = 'đến hiện tại / so far';
const RUNNING_NOTE = 'Nét đứt: kỳ đang diễn ra / Dashed: in progress';
const runningRow = (table: ExportTable): number | null =>
  table.running === undefined || table.running === null || table.running >= table.rows.length ? null : table.running;

function runningNote(doc: Pdf, box: Box): void {
  doc
    .font(FONT_REGULAR)
    .fontSize(5.5)
    .fillColor(MUTED)
    .text(RUNNING_NOTE, box.x + 4, box.y + box.h - 8, { width: box.w - 8, lineBreak: false, ellipsis: true });
}

const text = (cell: ExportCell): string =>
  cell === null ? '—' : isLocalized(cell) ? cell.vi : typeof cell === 'number' ? formatNumber(cell, 'vi', 2) : cell;

function cellText(cell: ExportCell, kind: string): string {
  if (typeof cell === 'number' && kind === 'percent') return formatPercent(cell, 'vi', 1);
  if (typeof cell === 'number') return formatNumber(cell, 'vi', Number.isInteger(cell) ? 0 : 1);
  return text(cell);
}

function footer(doc: Pdf, input: BriefingInput): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    const y = doc.page.height - MARGIN + 6;
    const width = doc.page.width - 2 * MARGIN;
    doc.font(FONT_REGULAR).fontSize(7).fillColor(MUTED);
    doc.text(
      `${input.city.vi} · ${input.moment.vi} · Nguồn / Source: ${input.source.vi}${input.simulated ? ' · Dữ liệu mô phỏng / Simulated data' : ''}`,
      MARGIN,
      y,
      { width: width - 60, height: 10, lineBreak: false, ellipsis: true },
    );
    doc.text(`${index + 1}/${range.count}`, MARGIN + width - 50, y, { width: 50, align: 'right', lineBreak: false });
  }
}

function heading(doc: Pdf, input: BriefingInput): number {
  const width = doc.page.width - 2 * MARGIN;
  doc
    .font(FONT_BOLD)
    .fontSize(9)
    .fillColor(MUTED)
    .text(`TRUNG TÂM GIÁM SÁT, ĐIỀU HÀNH THÔNG MINH · ${input.city.vi.toUpperCase()}`, MARGIN, MARGIN, { width });
  doc.font(FONT_BOLD).fontSize(16).fillColor(INK).text(`${input.dashboard.title.vi}`, { width });
  doc
    .font(FONT_REGULAR)
    .fontSize(9)
    .fillColor(MUTED)
    .text(`${input.dashboard.title.en} · Tài liệu giao ban / Briefing pack`, { width });
  doc.text(`Thời điểm / Time: ${input.moment.vi} · ${input.moment.en}`, { width });
  if (input.simulated) doc.fillColor('#b45309').text('Dữ liệu mô phỏng / Simulated data', { width });
  return doc.y + 6;
}

// ——— the dashboard's picture ———

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function boxOf(area: WidgetPlacement['area'], grid: Dashboard['grid'], frame: Box): Box {
  const cw = frame.w / grid.columns;
  const ch = frame.h / grid.rows;
  const gap = 3;
  return {
    x: frame.x + (area.column - 1) * cw + gap / 2,
    y: frame.y + (area.row - 1) * ch + gap / 2,
    w: (area.columns ?? 1) * cw - gap,
    h: (area.rows ?? 1) * ch - gap,
  };
}

function numbersOf(table: ExportTable, column: number): Array<number | null> {
  return table.rows.map((row) => {
    const value = row[column];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  });
}

function drawKpi(doc: Pdf, table: ExportTable, meaning: Meaning, box: Box): void {
  const row = table.rows[0] ?? [];
  const value = row[1] ?? null;
  const kind = table.columns[1]?.kind ?? 'number';
  const unit = row[2];
  const size = Math.max(10, Math.min(box.h * 0.38, box.w / 5.5));
  const y = box.y + box.h * 0.38;
  doc.rect(box.x, box.y + 2, 3, box.h - 4).fill(MEANING_COLOURS[meaning]);
  doc
    .font(FONT_BOLD)
    .fontSize(size)
    .fillColor(INK)
    .text(cellText(value, kind), box.x + 8, y, { width: box.w - 12, lineBreak: false, ellipsis: true });
  if (unit)
    doc
      .font(FONT_REGULAR)
      .fontSize(6.5)
      .fillColor(MUTED)
      .text(text(unit), box.x + 8, y + size * 1.25, { width: box.w - 12, lineBreak: false, ellipsis: true });
}

function drawBars(doc: Pdf, table: ExportTable, box: Box): void {
  const running = runningRow(table);
  const values = numbersOf(table, table.columns.length > 2 ? 2 : 1);
  const labelColumn = table.columns.length > 2 && table.columns[0]?.kind === 'number' ? 1 : 0;
  const rows = table.rows.slice(0, 8);
  const max = Math.max(1e-9, ...values.filter((value): value is number => value !== null));
  const rowH = Math.min(14, (box.h - 22) / Math.max(1, rows.length));
  const labelW = box.w * 0.38;
  rows.forEach((row, index) => {
    const y = box.y + 20 + index * rowH;
    const value = values[index] ?? null;
    doc
      .font(FONT_REGULAR)
      .fontSize(Math.min(7, rowH * 0.6))
      .fillColor(INK)
      .text(text(row[labelColumn] ?? null), box.x + 4, y + 1, {
        width: labelW - 6,
        height: rowH - 2,
        lineBreak: false,
        ellipsis: true,
      });
    const barW = value === null ? 0 : ((box.w - labelW - 40) * value) / max;
    if (index === running) {
      // Not a final figure: lighter, with a dashed outline, as on the screen.
      doc.save();
      doc
        .rect(box.x + labelW, y + 1, Math.max(0.5, barW), rowH - 3)
        .fillOpacity(0.3)
        .fill(SERIES_COLOURS[0]!);
      doc.restore();
      doc
        .rect(box.x + labelW, y + 1, Math.max(0.5, barW), rowH - 3)
        .lineWidth(0.6)
        .dash(1.5, { space: 1 })
        .strokeColor(SERIES_COLOURS[0]!)
        .stroke()
        .undash();
    } else doc.rect(box.x + labelW, y + 1, Math.max(0.5, barW), rowH - 3).fill(SERIES_COLOURS[0]!);
    doc
      .font(FONT_REGULAR)
      .fontSize(Math.min(7, rowH * 0.6))
      .fillColor(MUTED)
      .text(
        `${cellText(value, table.columns[labelColumn + 1]?.kind ?? 'number')}${index === running ? ` (${SO_FAR})` : ''}`,
        box.x + labelW + barW + 3,
        y + 1,
        { width: index === running ? 120 : 40, lineBreak: false },
      );
  });
  if (running !== null && running < rows.length) runningNote(doc, box);
}

function drawLines(doc: Pdf, table: ExportTable, box: Box): void {
  const plot = { x: box.x + 24, y: box.y + 30, w: box.w - 30, h: box.h - 48 };
  const lines = table.columns.slice(1).map((_, index) => numbersOf(table, index + 1));
  const all = lines.flat().filter((value): value is number => value !== null);
  if (all.length === 0) return;
  const max = Math.max(...all);
  const min = Math.min(0, ...all);
  const span = max - min || 1;
  const n = table.rows.length;
  const xOf = (index: number) => plot.x + (n <= 1 ? plot.w / 2 : (plot.w * index) / (n - 1));
  const yOf = (value: number) => plot.y + plot.h - ((value - min) / span) * plot.h;
  doc
    .lineWidth(0.5)
    .strokeColor(RULE)
    .moveTo(plot.x, plot.y + plot.h)
    .lineTo(plot.x + plot.w, plot.y + plot.h)
    .stroke();
  doc.font(FONT_REGULAR).fontSize(6).fillColor(MUTED);
  doc.text(formatNumber(max, 'vi'), box.x + 2, plot.y - 3, { width: 20, align: 'right', lineBreak: false });
  doc.text(formatNumber(min, 'vi'), box.x + 2, plot.y + plot.h - 4, { width: 20, align: 'right', lineBreak: false });
  doc.text(text(table.rows[0]?.[0] ?? null), plot.x, plot.y + plot.h + 2, { width: 60, lineBreak: false });
  doc.text(text(table.rows[n - 1]?.[0] ?? null), plot.x + plot.w - 60, plot.y + plot.h + 2, {
    width: 60,
    align: 'right',
    lineBreak: false,
  });
  const running = runningRow(table);
  lines.forEach((values, lineIndex) => {
    const colour = SERIES_COLOURS[lineIndex % SERIES_COLOURS.length]!;
    let started = false;
    values.forEach((value, index) => {
      // The running period is left to its own dashed segment below.
      if (value === null || index === running) {
        started = false;
        return;
      }
      if (!started) doc.moveTo(xOf(index), yOf(value));
      else doc.lineTo(xOf(index), yOf(value));
      started = true;
    });
    doc.lineWidth(1.4).strokeColor(colour).stroke();
    const now = running === null ? null : (values[running] ?? null);
    if (running !== null && now !== null) {
      const before = running > 0 ? (values[running - 1] ?? null) : null;
      if (before !== null) doc.moveTo(xOf(running - 1), yOf(before)).lineTo(xOf(running), yOf(now));
      doc.lineWidth(1.4).dash(2.5, { space: 2 }).strokeColor(colour).stroke().undash();
      doc.circle(xOf(running), yOf(now), 1.8).lineWidth(0.8).strokeColor(colour).stroke();
    }
    const name = table.columns[lineIndex + 1]?.label.vi ?? '';
    doc.rect(box.x + 6 + lineIndex * 80, box.y + 18, 8, 3).fill(colour);
    doc
      .font(FONT_REGULAR)
      .fontSize(6.5)
      .fillColor(INK)
      .text(name, box.x + 16 + lineIndex * 80, box.y + 15, { width: 68, height: 9, lineBreak: false, ellipsis: true });
  });
  if (running !== null) {
    doc
      .font(FONT_REGULAR)
      .fontSize(6)
      .fillColor(MUTED)
      .text(SO_FAR, xOf(running) - 70, plot.y - 10, { width: 70, align: 'right', lineBreak: false });
    runningNote(doc, box);
  }
}

function drawRows(doc: Pdf, table: ExportTable, box: Box): void {
  const rowH = 9;
  const rows = table.rows.slice(0, Math.max(0, Math.floor((box.h - 20) / rowH)));
  rows.forEach((row, index) => {
    const line = row.map((cell, column) => cellText(cell, table.columns[column]?.kind ?? 'text')).join(' · ');
    doc
      .font(FONT_REGULAR)
      .fontSize(6.5)
      .fillColor(INK)
      .text(line, box.x + 4, box.y + 18 + index * rowH, { width: box.w - 8, lineBreak: false, ellipsis: true });
  });
}

/** The wards' areas, coloured by the map's choropleth column (relative thirds) or, without one, by reports. */
function drawMap(doc: Pdf, table: ExportTable, input: BriefingInput, box: Box): void {
  const rings = input.wards.flatMap((ward) =>
    ward.polygon.flatMap((ring) => ring.map((point) => [Number(point[0]), Number(point[1])] as const)),
  );
  if (rings.length === 0) return drawRows(doc, table, box);
  const lons = rings.map((point) => point[0]);
  const lats = rings.map((point) => point[1]);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const midLat = ((minLat + maxLat) / 2) * (Math.PI / 180);
  const geoW = (maxLon - minLon) * Math.cos(midLat);
  const geoH = maxLat - minLat;
  const inner = { x: box.x + 6, y: box.y + 20, w: box.w - 12, h: box.h - 44 };
  const scale = Math.min(inner.w / geoW, inner.h / geoH);
  const offX = inner.x + (inner.w - geoW * scale) / 2;
  const offY = inner.y + (inner.h - geoH * scale) / 2;
  const project = (lon: number, lat: number): [number, number] => [
    offX + (lon - minLon) * Math.cos(midLat) * scale,
    offY + (maxLat - lat) * scale,
  ];
  // The figure the wards are coloured by: the choropleth's column when the map draws one, else reports.
  const figureColumn = 2;
  const values = new Map(
    table.rows.map((row) => [
      String(row[0]),
      typeof row[figureColumn] === 'number' ? (row[figureColumn] as number) : null,
    ]),
  );
  const known = [...values.values()].filter((value): value is number => value !== null);
  const [low, high] = [Math.min(...known), Math.max(...known)];
  const SHADES = ['#dbeafe', '#93c5fd', '#3b82f6'];
  for (const ward of input.wards) {
    const value = values.get(ward.code) ?? null;
    const shade =
      value === null || known.length === 0
        ? '#e5e7eb'
        : high === low
          ? SHADES[1]!
          : SHADES[Math.min(2, Math.floor(((value - low) / (high - low)) * 3))]!;
    for (const ring of ward.polygon) {
      const points = ring.map((point) => project(Number(point[0]), Number(point[1])));
      if (points.length < 3) continue;
      doc
        .polygon(...points)
        .lineWidth(0.6)
        .fillAndStroke(shade, '#ffffff');
    }
  }
  for (const ward of input.wards) {
    const ring = ward.polygon[0] ?? [];
    if (ring.length === 0) continue;
    const cx = ring.reduce((sum, point) => sum + Number(point[0]), 0) / ring.length;
    const cy = ring.reduce((sum, point) => sum + Number(point[1]), 0) / ring.length;
    const [x, y] = project(cx, cy);
    const value = values.get(ward.code);
    doc
      .font(FONT_BOLD)
      .fontSize(6.5)
      .fillColor(INK)
      .text(ward.name.vi.replace(/^(Phường|Xã) /, ''), x - 40, y - 6, { width: 80, align: 'center', lineBreak: false });
    if (value !== null && value !== undefined)
      doc
        .font(FONT_REGULAR)
        .fontSize(6.5)
        .text(cellText(value, table.columns[figureColumn]?.kind ?? 'number'), x - 40, y + 2, {
          width: 80,
          align: 'center',
          lineBreak: false,
        });
  }
  const legend = table.columns[figureColumn]?.label ?? { vi: '', en: '' };
  doc
    .font(FONT_REGULAR)
    .fontSize(6)
    .fillColor(MUTED)
    .text(
      `Tô màu theo / Shaded by: ${legend.vi} / ${legend.en}${input.schematic ? ' · Ranh giới phường là sơ đồ / Ward areas are schematic' : ''}`,
      box.x + 4,
      box.y + box.h - 18,
      { width: box.w - 8, lineBreak: false, ellipsis: true },
    );
}

function drawPicture(doc: Pdf, input: BriefingInput, frame: Box): void {
  const tables = new Map(input.tables.map((table) => [table.id, table]));
  for (const placement of input.dashboard.widgets) {
    const box = boxOf(placement.area, input.dashboard.grid, frame);
    doc.roundedRect(box.x, box.y, box.w, box.h, 3).fill(PANEL);
    const table = tables.get(placement.id);
    const title = placement.title?.vi ?? table?.title.vi ?? '';
    doc
      .font(FONT_BOLD)
      .fontSize(7)
      .fillColor(MUTED)
      .text(title, box.x + 6, box.y + 4, { width: box.w - 12, lineBreak: false, ellipsis: true });
    if (!table) continue;
    const chart = (placement.options ?? {}) as { chart?: string };
    switch (placement.type) {
      case 'kpi-tile':
        drawKpi(doc, table, input.meanings.get(placement.id) ?? 'neutral', box);
        break;
      case 'chart':
        if (chart.chart === 'line' || chart.chart === 'area') drawLines(doc, table, box);
        else drawBars(doc, table, box);
        break;
      case 'ranking':
        drawBars(doc, table, box);
        break;
      case 'gauge':
        drawKpi(
          doc,
          {
            ...table,
            rows: [[null, table.rows[0]?.[2] ?? null, null]],
            columns: [table.columns[0]!, table.columns[2]!],
          },
          input.meanings.get(placement.id) ?? 'neutral',
          box,
        );
        break;
      case 'map':
        drawMap(doc, table, input, box);
        break;
      default:
        drawRows(doc, table, box);
    }
  }
}

// ——— attention and tables ———

const SEVERITY_COLOUR: Record<AttentionItem['severity'], string> = {
  alarm: MEANING_COLOURS.alarm,
  warn: MEANING_COLOURS.warn,
  info: MEANING_COLOURS.neutral,
};

function drawAttention(doc: Pdf, items: AttentionItem[]): void {
  const width = doc.page.width - 2 * MARGIN;
  doc.font(FONT_BOLD).fontSize(14).fillColor(INK).text('Cần chú ý ngay / Needs attention', MARGIN, doc.y, { width });
  doc.moveDown(0.3);
  if (items.length === 0) {
    doc
      .font(FONT_REGULAR)
      .fontSize(10)
      .fillColor(MUTED)
      .text('Không có chỉ số nào cần chú ý. / Nothing needs attention.', { width });
    return;
  }
  for (const item of items) {
    if (doc.y > doc.page.height - 70) doc.addPage();
    const y = doc.y;
    doc.rect(MARGIN, y + 2, 4, 22).fill(SEVERITY_COLOUR[item.severity]);
    doc
      .font(FONT_BOLD)
      .fontSize(10)
      .fillColor(INK)
      .text(item.title.vi, MARGIN + 10, y, { width: width - 10 });
    doc
      .font(FONT_REGULAR)
      .fontSize(8)
      .fillColor(MUTED)
      .text([item.title.en, ...item.details].join(' · '), MARGIN + 10, doc.y, { width: width - 10 });
    doc.moveDown(0.4);
  }
}

function drawTable(doc: Pdf, table: ExportTable): void {
  const width = doc.page.width - 2 * MARGIN;
  if (doc.y > doc.page.height - 110) doc.addPage();
  doc
    .font(FONT_BOLD)
    .fontSize(10)
    .fillColor(INK)
    .text(`${table.title.vi} / ${table.title.en}`, MARGIN, doc.y, { width });
  const meta = [table.unit ? `Đơn vị / Unit: ${table.unit.vi}` : null, `Nguồn / Source: ${table.topics.join(', ')}`]
    .filter(Boolean)
    .join(' · ');
  doc.font(FONT_REGULAR).fontSize(7).fillColor(MUTED).text(meta, { width });
  const columns = table.columns.length;
  const colW = width / Math.max(1, columns);
  const rowH = 12;
  const drawRow = (cells: string[], bold: boolean) => {
    if (doc.y + rowH > doc.page.height - MARGIN - 12) doc.addPage();
    const y = doc.y;
    cells.forEach((cell, index) => {
      doc
        .font(bold ? FONT_BOLD : FONT_REGULAR)
        .fontSize(7.5)
        .fillColor(INK)
        .text(cell, MARGIN + index * colW + 2, y + 2, {
          width: colW - 4,
          lineBreak: false,
          ellipsis: true,
          align: !bold && table.columns[index]?.kind !== 'text' ? 'right' : 'left',
        });
    });
    doc
      .lineWidth(0.4)
      .strokeColor(RULE)
      .moveTo(MARGIN, y + rowH)
      .lineTo(MARGIN + width, y + rowH)
      .stroke();
    doc.x = MARGIN;
    doc.y = y + rowH;
  };
  doc.moveDown(0.2);
  drawRow(
    table.columns.map((column) => column.label.vi),
    true,
  );
  const running = runningRow(table);
  table.rows.forEach((row, rowIndex) => {
    const cells = row.map((cell, index) => cellText(cell, table.columns[index]?.kind ?? 'text'));
    if (rowIndex === running) cells[0] = `${cells[0]} (${SO_FAR})`;
    drawRow(cells, false);
  });
  doc.moveDown(0.8);
}

export async function briefingPdf(input: BriefingInput): Promise<Buffer> {
  const doc = createPdf({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    title: `${input.dashboard.title.vi} — ${input.moment.vi}`,
  });
  const top = heading(doc, input);
  const frame = { x: MARGIN, y: top, w: doc.page.width - 2 * MARGIN, h: doc.page.height - top - MARGIN - 6 };
  drawPicture(doc, input, frame);
  doc.addPage();
  doc.x = MARGIN;
  doc.y = MARGIN;
  if (input.attention) {
    drawAttention(doc, input.attention);
    doc.moveDown(1);
  }
  doc.font(FONT_BOLD).fontSize(14).fillColor(INK).text('Bảng số liệu / Data tables', MARGIN, doc.y);
  doc.moveDown(0.3);
  for (const table of input.tables) drawTable(doc, table);
  footer(doc, input);
  return pdfBytes(doc);
}
