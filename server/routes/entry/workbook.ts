/**
 * The Excel and CSV forms of a unit's report, made and read with exceljs (no hand-written
 * parser). The .xlsx has the unit, the period and the indicators filled in, the structure
 * locked (only the value cells open) and a very hidden sheet naming the template and its
 * version; reading it checks every cell and lists each bad one (sheet, cell, value, why).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportingTemplate } from '../../../config/schema/reporting';
import { valueProblem, type FigureValues } from '../../domains/reporting/figures-check';
import { dueDate } from '../../domains/reporting/periods';
import type { LocalizedText } from '../../protocol/topics';
import { MAX_UNPACKED_BYTES, zipProblem } from './zip-bounds';
import { FiguresRefused, type Problem } from './figure-actions';

const DATA_SHEET = 'Số liệu';
const META_SHEET = 'mau';
const FIRST_ROW = 6;
const VALUE_COLUMN = 'E';
const CODE_COLUMN = 'B';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ReportFile {
  template: ReportingTemplate;
  unit: string;
  /** The unit's name, written in the file's header. */
  unitName: LocalizedText;
  period: string;
}

const viDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const numberFormat = (decimals: number) => (decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`);

export async function buildWorkbook(
  { template, unit, unitName: name, period }: ReportFile,
  values: FigureValues,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'IOC Lạng Sơn';
  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: FIRST_ROW - 1 }] });
  sheet.getCell('A1').value = `${template.title.vi} / ${template.title.en}`;
  sheet.getCell('A1').font = { bold: true, size: 13 };
  sheet.getCell('A2').value = `Đơn vị / Unit: ${name.vi} (${unit})`;
  sheet.getCell('A3').value = `Kỳ báo cáo / Period: ${period} — hạn nộp / due ${viDate(dueDate(template, period))}`;
  sheet.getCell('A4').value =
    'Chỉ nhập vào cột "Giá trị"; không sửa cấu trúc, không dùng công thức, không gộp ô. / Fill in the "Value" column only; no formulas, no merged cells.';
  sheet.getRow(FIRST_ROW - 1).values = [
    'STT / No.',
    'Mã chỉ tiêu / Code',
    'Chỉ tiêu / Indicator',
    'Đơn vị tính / Unit',
    'Giá trị / Value',
    'Bắt buộc / Required',
    'Giới hạn / Range',
  ];
  sheet.getRow(FIRST_ROW - 1).font = { bold: true };
  sheet.columns = [
    { width: 8 },
    { width: 26 },
    { width: 60 },
    { width: 16 },
    { width: 18 },
    { width: 12 },
    { width: 22 },
  ];
  template.indicators.forEach((indicator, index) => {
    const row = sheet.getRow(FIRST_ROW + index);
    const range = `${indicator.min ?? '−∞'} … ${indicator.max ?? '+∞'}`;
    row.values = [
      index + 1,
      indicator.id,
      `${indicator.name.vi} / ${indicator.name.en}`,
      indicator.unit.vi,
      values[indicator.id] ?? null,
      indicator.required ? 'có / yes' : 'không / no',
      range,
    ];
    const cell = row.getCell(VALUE_COLUMN);
    cell.numFmt = numberFormat(indicator.decimals);
    cell.protection = { locked: false };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF7D6' } };
    cell.dataValidation = {
      type: indicator.decimals === 0 ? 'whole' : 'decimal',
      allowBlank: !indicator.required,
      operator: 'between',
      formulae: [indicator.min ?? -1e12, indicator.max ?? 1e12],
      showErrorMessage: true,
      errorTitle: 'Giá trị không hợp lệ / Invalid value',
      error: `${indicator.min ?? '−∞'} … ${indicator.max ?? '+∞'}, ${indicator.decimals} chữ số thập phân / decimals`,
    };
  });
  // Structure locked: rows, columns and the indicator cells cannot be changed, only the values.
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatCells: false,
    insertRows: false,
    deleteRows: false,
    insertColumns: false,
    deleteColumns: false,
    sort: false,
    autoFilter: false,
  });
  const meta = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.addRows([
    ['template', template.id],
    ['templateVersion', template.templateVersion],
    ['unit', unit],
    ['period', period],
  ]);
  await meta.protect('', {});
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Why the upload is not an Excel file we can read at all (400), or null. */
function notExcel(en: string, vi: string): FiguresRefused {
  return new FiguresRefused([{ value: null, vi, en }], en, vi);
}

/** Reads a number as offices type it: `1.234,5` (vi-VN) or `1234.5`; null when blank, NaN when not a number. */
function parseFigure(raw: unknown): number | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return Number.NaN;
  const text = raw.trim().replace(/\s/g, '');
  if (text === '') return null;
  const normalised =
    /,\d+$/.test(text) || /^\d{1,3}(\.\d{3})+(,\d+)?$/.test(text) ? text.replace(/\./g, '').replace(',', '.') : text;
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : Number.NaN;
}

function checkValue(
  file: ReportFile,
  id: string,
  raw: unknown,
  where: Pick<Problem, 'sheet' | 'cell' | 'line'>,
  problems: Problem[],
  values: FigureValues,
  complete: boolean,
) {
  const indicator = file.template.indicators.find((i) => i.id === id)!;
  const value = parseFigure(raw);
  if (value !== null && Number.isNaN(value)) {
    problems.push({ ...where, indicator: id, value: raw, vi: 'không phải số', en: 'not a number' });
    return;
  }
  const problem = valueProblem(indicator, value, complete);
  if (problem) problems.push({ ...where, indicator: id, value: raw ?? null, ...problem });
  else values[id] = value;
}

/** The figures of an uploaded .xlsx, or a refusal listing every bad cell. */
export async function readWorkbook(buffer: Buffer, file: ReportFile, complete: boolean): Promise<FigureValues> {
  // An .xlsx is a ZIP: anything else is refused before the library sees it.
  if (buffer.length < 4 || buffer.readUInt32LE(0) !== 0x04034b50)
    throw notExcel('the file is not an Excel workbook (.xlsx)', 'tệp không phải bảng tính Excel (.xlsx)');
  const zip = zipProblem(buffer);
  if (zip === 'too-large') {
    const mb = MAX_UNPACKED_BYTES / 1024 / 1024;
    throw notExcel(
      `the workbook unpacks to more than ${mb} MB: this is not the report template`,
      `bảng tính khi giải nén lớn hơn ${mb} MB: đây không phải mẫu báo cáo`,
    );
  }
  if (zip === 'damaged') {
    throw notExcel(
      'the file is not an Excel workbook (.xlsx) or is damaged',
      'tệp không phải bảng tính Excel (.xlsx) hoặc đã hỏng',
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw notExcel(
      'the file is not an Excel workbook (.xlsx) or is damaged',
      'tệp không phải bảng tính Excel (.xlsx) hoặc đã hỏng',
    );
  }
  const meta = workbook.getWorksheet(META_SHEET);
  const sheet = workbook.getWorksheet(DATA_SHEET);
  const { template } = file;
  if (!meta || !sheet) {
    throw notExcel(
      `this is not the template "${template.id}": download it from the entry page`,
      `đây không phải mẫu "${template.id}": hãy tải mẫu từ trang nhập liệu`,
    );
  }
  const metaValue = (row: number) => meta.getCell(`B${row}`).value;
  const problems: Problem[] = [];
  const expect = (row: number, want: string | number, vi: string, en: string) => {
    if (metaValue(row) !== want) problems.push({ sheet: META_SHEET, cell: `B${row}`, value: metaValue(row), vi, en });
  };
  expect(1, template.id, `không phải mẫu "${template.id}"`, `not the template "${template.id}"`);
  expect(
    2,
    template.templateVersion,
    `mẫu phiên bản cũ (${String(metaValue(2))}); phiên bản hiện hành là ${template.templateVersion}: hãy tải mẫu mới`,
    `an old version of the template (${String(metaValue(2))}); the current one is ${template.templateVersion}: download it again`,
  );
  expect(
    3,
    file.unit,
    `tệp của đơn vị khác (${String(metaValue(3))})`,
    `the file is for another unit (${String(metaValue(3))})`,
  );
  expect(
    4,
    file.period,
    `tệp của kỳ khác (${String(metaValue(4))})`,
    `the file is for another period (${String(metaValue(4))})`,
  );
  if (problems.length > 0)
    throw new FiguresRefused(
      problems,
      'the file does not match this report: nothing was saved',
      'tệp không khớp với báo cáo này: chưa lưu gì',
    );

  for (const range of sheet.model.merges ?? []) {
    problems.push({
      sheet: DATA_SHEET,
      cell: range,
      value: null,
      vi: 'ô gộp không được phép',
      en: 'merged cells are not allowed',
    });
  }
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) {
        problems.push({
          sheet: DATA_SHEET,
          cell: cell.address,
          value: `=${cell.formula ?? ''}`,
          vi: 'không được dùng công thức, chỉ nhập số',
          en: 'formulas are not allowed, type the number',
        });
      }
    }),
  );
  const values: FigureValues = {};
  template.indicators.forEach((indicator, index) => {
    const row = FIRST_ROW + index;
    const code = sheet.getCell(`${CODE_COLUMN}${row}`).value;
    if (code !== indicator.id) {
      problems.push({
        sheet: DATA_SHEET,
        cell: `${CODE_COLUMN}${row}`,
        value: code,
        vi: `cấu trúc mẫu bị thay đổi: cần mã "${indicator.id}"`,
        en: `the template's structure was changed: expected code "${indicator.id}"`,
      });
      return;
    }
    const cell = sheet.getCell(`${VALUE_COLUMN}${row}`);
    if (cell.type === ExcelJS.ValueType.Formula) return; // already listed
    const raw = cell.type === ExcelJS.ValueType.RichText ? cell.text : cell.value;
    checkValue(file, indicator.id, raw, { sheet: DATA_SHEET, cell: cell.address }, problems, values, complete);
  });
  if (problems.length > 0) {
    throw new FiguresRefused(
      problems,
      `${problems.length} cell(s) refused: nothing was saved`,
      `${problems.length} ô không hợp lệ: chưa lưu gì`,
    );
  }
  return values;
}

const CSV_HEADER = ['mau', 'phien_ban', 'don_vi', 'ky', 'ma_chi_tieu', 'chi_tieu', 'don_vi_tinh', 'gia_tri'];

/** The report as CSV (UTF-8 with BOM so that Excel reads Vietnamese), one indicator per line. */
export async function buildCsv({ template, unit, period }: ReportFile, values: FigureValues): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('csv');
  sheet.addRow(CSV_HEADER);
  for (const indicator of template.indicators) {
    sheet.addRow([
      template.id,
      template.templateVersion,
      unit,
      period,
      indicator.id,
      indicator.name.vi,
      indicator.unit.vi,
      values[indicator.id] ?? '',
    ]);
  }
  const body = Buffer.from(await workbook.csv.writeBuffer());
  return Buffer.concat([Buffer.from('\ufeff'), body]);
}

/** The figures of an uploaded CSV, or a refusal listing every bad line. */
export async function readCsv(text: string, file: ReportFile, complete: boolean): Promise<FigureValues> {
  const workbook = new ExcelJS.Workbook();
  // Read every field as text: the figures are parsed here, with the same rules as the form.
  const sheet = await workbook.csv.read(Readable.from([text.replace(/^\ufeff/, '')]), {
    map: (value: unknown) => value,
    parserOptions: { trim: true },
  } as never);
  const problems: Problem[] = [];
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  if (header.join(',') !== CSV_HEADER.join(',')) {
    throw new FiguresRefused(
      [
        {
          line: 1,
          value: header.join(','),
          vi: `dòng tiêu đề phải là ${CSV_HEADER.join(',')}`,
          en: `the header line must be ${CSV_HEADER.join(',')}`,
        },
      ],
      'the CSV does not follow the template: nothing was saved',
      'tệp CSV không theo mẫu: chưa lưu gì',
    );
  }
  const { template } = file;
  const values: FigureValues = {};
  const seen = new Set<string>();
  for (let line = 2; line <= sheet.rowCount; line++) {
    const cells = (sheet.getRow(line).values as unknown[])
      .slice(1)
      .map((v) => (v === undefined || v === null ? '' : String(v)));
    if (cells.every((cell) => cell === '')) continue;
    const [mau, version, unit, period, code, , , raw] = cells;
    const at = { line };
    if (mau !== template.id) {
      problems.push({
        ...at,
        value: mau,
        vi: `không phải mẫu "${template.id}"`,
        en: `not the template "${template.id}"`,
      });
      continue;
    }
    if (version !== String(template.templateVersion)) {
      problems.push({
        ...at,
        value: version,
        vi: `mẫu phiên bản cũ (${version}); phiên bản hiện hành là ${template.templateVersion}`,
        en: `an old template version (${version}); the current one is ${template.templateVersion}`,
      });
      continue;
    }
    if (unit !== file.unit) {
      problems.push({
        ...at,
        value: unit,
        vi: `dòng của đơn vị khác (${unit})`,
        en: `a line for another unit (${unit})`,
      });
      continue;
    }
    if (period !== file.period) {
      problems.push({
        ...at,
        value: period,
        vi: `dòng của kỳ khác (${period})`,
        en: `a line for another period (${period})`,
      });
      continue;
    }
    if (!template.indicators.some((i) => i.id === code)) {
      problems.push({
        ...at,
        indicator: code,
        value: code,
        vi: `chỉ tiêu "${code}" không có trong mẫu`,
        en: `indicator "${code}" is not in the template`,
      });
      continue;
    }
    if (seen.has(code!)) {
      problems.push({ ...at, indicator: code, value: code, vi: 'chỉ tiêu lặp lại', en: 'indicator listed twice' });
      continue;
    }
    seen.add(code!);
    if (typeof raw === 'string' && raw.startsWith('=')) {
      problems.push({
        ...at,
        indicator: code,
        value: raw,
        vi: 'không được dùng công thức, chỉ nhập số',
        en: 'formulas are not allowed, type the number',
      });
      continue;
    }
    // In CSV the decimal separator is the point (the comma separates fields).
    const value = raw === undefined || raw === '' ? null : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isNaN(value)) {
      problems.push({
        ...at,
        indicator: code,
        value: raw,
        vi: 'không phải số (dấu thập phân là dấu chấm)',
        en: 'not a number (the decimal separator is the point)',
      });
      continue;
    }
    checkValue(file, code!, value, at, problems, values, false);
  }
  if (complete) {
    for (const indicator of template.indicators) {
      if (
        indicator.required &&
        (values[indicator.id] ?? null) === null &&
        !problems.some((p) => p.indicator === indicator.id)
      ) {
        problems.push({
          indicator: indicator.id,
          value: null,
          vi: `thiếu chỉ tiêu bắt buộc "${indicator.id}"`,
          en: `required indicator "${indicator.id}" is missing`,
        });
      }
    }
  }
  if (problems.length > 0)
    throw new FiguresRefused(
      problems,
      `${problems.length} line(s) refused: nothing was saved`,
      `${problems.length} dòng không hợp lệ: chưa lưu gì`,
    );
  return values;
}
