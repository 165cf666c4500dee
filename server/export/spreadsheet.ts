/**
 * A widget's table as a file: CSV (UTF-8 with a BOM, so Excel reads Vietnamese right) and .xlsx
 * (exceljs). Both start with what the figures are: the widget's and dashboard's titles, the moment
 * in the city's time, the source topics, whether the data are simulated, then the table. A label
 * in both languages takes two columns, Vietnamese first.
 */
import ExcelJS from 'exceljs';
import type { LocalizedText } from '../protocol/topics';
import { isLocalized, type ColumnKind, type ExportCell, type ExportTable } from './widget-table';

export interface ExportHeading {
  dashboard: LocalizedText;
  /** The moment, already written in the city's time zone (vi-VN). */
  moment: string;
  /** Where the figures come from, in words (topics and their domains). */
  source: string;
  simulated: boolean;
}

interface FlatColumn {
  header: string;
  kind: ColumnKind;
}

/** Which columns hold a label that differs by language (a day "04/12" is the same in both: one column). */
function bilingual(table: ExportTable): boolean[] {
  return table.columns.map((_, index) =>
    table.rows.some((row) => {
      const cell = row[index] ?? null;
      return isLocalized(cell) && cell.vi !== cell.en;
    }),
  );
}

/** The table with each bilingual column split in two: Vietnamese, then English. */
function flatten(table: ExportTable): { columns: FlatColumn[]; rows: Array<Array<string | number | null>> } {
  const split = bilingual(table);
  const columns = table.columns.flatMap((column, index): FlatColumn[] =>
    split[index]
      ? [
          { header: column.label.vi, kind: 'text' },
          { header: `${column.label.en} (EN)`, kind: 'text' },
        ]
      : [{ header: `${column.label.vi} / ${column.label.en}`, kind: column.kind }],
  );
  const rows = table.rows.map((row) =>
    table.columns.flatMap((_, index): Array<string | number | null> => {
      const cell: ExportCell = row[index] ?? null;
      if (split[index]) return isLocalized(cell) ? [cell.vi, cell.en] : [cell, cell];
      return [isLocalized(cell) ? cell.vi : cell];
    }),
  );
  return { columns, rows };
}

function headingRows(table: ExportTable, heading: ExportHeading): string[][] {
  return [
    ['Bảng / Table', `${table.title.vi} / ${table.title.en}`],
    ['Bảng điều hành / Dashboard', `${heading.dashboard.vi} / ${heading.dashboard.en}`],
    ['Thời điểm / Time', heading.moment],
    ['Nguồn / Source', heading.source],
    ...(table.unit ? [['Đơn vị / Unit', `${table.unit.vi} / ${table.unit.en}`]] : []),
    ...(heading.simulated ? [['Ghi chú / Note', 'Dữ liệu mô phỏng / Simulated data']] : []),
  ];
}

/**
 * A text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * before one) is written with a leading apostrophe, so a report's title can never execute. Numbers
 * stay numbers: a negative figure is a number cell, not text.
 */
function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = defuse(value);
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV (RFC 4180, comma, CRLF) with a BOM: Excel opens UTF-8 Vietnamese right only with it. */
export function toCsv(table: ExportTable, heading: ExportHeading): string {
  const { columns, rows } = flatten(table);
  const lines = [...headingRows(table, heading), [], columns.map((column) => column.header), ...rows].map((row) =>
    row.map(csvField).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const NUMBER_FORMAT: Record<ColumnKind, string | undefined> = {
  text: undefined,
  number: '#,##0.##',
  percent: '0.0%',
};

/** The .xlsx workbook: one sheet, the heading, then the table with its header row frozen. */
export async function toXlsx(table: ExportTable, heading: ExportHeading): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'IOC Lạng Sơn';
  const sheet = workbook.addWorksheet(table.id.slice(0, 31));
  for (const row of headingRows(table, heading)) {
    const added = sheet.addRow(row);
    added.getCell(1).font = { bold: true };
  }
  sheet.addRow([]);
  const { columns, rows } = flatten(table);
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  // A string is written as a string cell, never a formula (exceljs makes a formula only of `{ formula }`).
  for (const row of rows) sheet.addRow(row);
  columns.forEach((column, index) => {
    const format = NUMBER_FORMAT[column.kind];
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = Math.min(48, Math.max(12, column.header.length + 2));
    if (format) sheetColumn.numFmt = format;
  });
  sheet.views = [{ state: 'frozen', ySplit: header.number }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
