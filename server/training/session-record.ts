/**
 * The plan's record of a training session as a file: who was trained (name, account, role, unit)
 * and when each completed each exercise of their role. .xlsx for the office, CSV (UTF-8 with BOM,
 * so that Excel reads Vietnamese) for anything else. Cells never start a formula: names are typed
 * by people.
 */
import ExcelJS from 'exceljs';
import { formatDate, formatTime } from '../protocol/format/format';
import type { LocalizedText } from '../protocol/topics';
import { EXERCISES } from './exercises';
import { TRAINEE_ROLE_NAMES } from './roles';
import type { TraineeProgress } from './training';
import type { TrainingSession } from './training-store';

/** A typed text that a spreadsheet would run as a formula is kept as text. */
const safe = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

function rows(
  session: TrainingSession,
  trainees: TraineeProgress[],
  unitName: (unit: string) => string,
  timeZone: string,
): { header: string[]; body: string[][] } {
  // Every exercise any trainee of the session had, in the catalogue's order.
  const used = EXERCISES.filter((exercise) =>
    trainees.some((trainee) => trainee.exercises.some((status) => status.id === exercise.id)),
  );
  const both = (text: LocalizedText) => `${text.vi} / ${text.en}`;
  const header = [
    'Buổi tập huấn / Session',
    'Ngày / Day',
    'Họ tên / Name',
    'Tài khoản / Account',
    'Vai trò / Role',
    'Đơn vị / Unit',
    ...used.map((exercise) => both(exercise.title)),
    'Hoàn thành / Completed',
  ];
  const body = trainees.map((trainee) => {
    const cells = used.map((exercise) => {
      const status = trainee.exercises.find((one) => one.id === exercise.id);
      if (!status) return '';
      if (status.completedAt === null) return 'Chưa / Not yet';
      return `${formatDate(status.completedAt, 'vi', timeZone)} ${formatTime(status.completedAt, 'vi', timeZone)}`;
    });
    const done = trainee.exercises.filter((status) => status.completedAt !== null).length;
    return [
      safe(session.name),
      session.day,
      safe(trainee.displayName),
      trainee.username,
      both(TRAINEE_ROLE_NAMES[trainee.role]),
      trainee.unit ? `${unitName(trainee.unit)} (${trainee.unit})` : '',
      ...cells,
      `${done}/${trainee.exercises.length}`,
    ];
  });
  return { header, body };
}

/** The record in a workbook of one sheet: the header in bold, then one row per trainee. */
function workbookOf(header: string[], body: string[][], sheetName: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header).font = { bold: true };
  for (const row of body) sheet.addRow(row);
  sheet.columns.forEach((column) => (column.width = 24));
  return workbook;
}

export async function sessionRecordXlsx(
  session: TrainingSession,
  trainees: TraineeProgress[],
  unitName: (unit: string) => string,
  timeZone: string,
): Promise<Buffer> {
  const { header, body } = rows(session, trainees, unitName, timeZone);
  return Buffer.from(await workbookOf(header, body, 'Tập huấn').xlsx.writeBuffer());
}

export async function sessionRecordCsv(
  session: TrainingSession,
  trainees: TraineeProgress[],
  unitName: (unit: string) => string,
  timeZone: string,
): Promise<Buffer> {
  const { header, body } = rows(session, trainees, unitName, timeZone);
  const csv = await workbookOf(header, body, 'csv').csv.writeBuffer();
  return Buffer.concat([Buffer.from('\ufeff'), Buffer.from(csv)]);
}
