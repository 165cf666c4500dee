/**
 * The guided exercises of the training plan, one per topic the city trains its officers in. Each
 * states the task and checks the trainee's result from what the practice space recorded: the
 * events the trainee's account made (every event carries `source: user:<name>`), or, for the
 * exercises that ask to read a figure off a dashboard, the answer against the practice topics.
 *
 * A checker is a pure function of its inputs (no store, no clock), so that it is tested with
 * right and wrong results alone, and the trainer's page and the trainee's page always agree.
 */
import type { LocalizedText } from '../protocol/topics';
import type { AdminSummary } from '../protocol/topics/admin';
import type { ReportSummary } from '../protocol/topics/reports';
import type { TraineeRole } from './roles';
import { canonicalCode } from '../routes/citizen/tracking-code';

/** A practice event as a checker sees it: only what it needs. */
export interface PracticeEvent {
  kind: string;
  time: number;
  data: Record<string, unknown>;
}

export interface CheckInput {
  /** The events this trainee's account made in the practice space, oldest first. */
  events: readonly PracticeEvent[];
  /** The unit the trainee practises for (a ward's code or a department), if any. */
  unit: string | null;
  /** The trainee's answer to a question exercise, as typed. */
  answer: string | null;
  /** The practice space's topics as they are now (null: not published yet). */
  topics: { reports: ReportSummary | null; admin: AdminSummary | null };
  /** The practice space's citizen report the answer finds as a tracking code (null: none). */
  citizenReport: { reportId: string } | null;
}

export interface CheckResult {
  done: boolean;
  /** What is right already. */
  found: LocalizedText[];
  /** What is still missing or wrong, in words the trainee can act on. */
  missing: LocalizedText[];
}

export interface Exercise {
  id: string;
  title: LocalizedText;
  task: LocalizedText;
  /** Where to do it (a page of the practice space). */
  page: string;
  roles: readonly TraineeRole[];
  /** Set for exercises answered by typing: what to type. */
  question?: LocalizedText;
  /** The keyboard a phone shows for the answer: a figure (the default) or a code with letters. */
  answerInput?: 'decimal' | 'text';
  check(input: CheckInput): CheckResult;
}

const t = (vi: string, en: string): LocalizedText => ({ vi, en });
const result = (found: LocalizedText[], missing: LocalizedText[]): CheckResult => ({
  done: missing.length === 0,
  found,
  missing,
});

const ofKind = (events: readonly PracticeEvent[], kind: string) => events.filter((event) => event.kind === kind);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A typed number in either convention: "7", "96,3", "96.3", "96,3 %". */
export function parseAnswerNumber(answer: string | null): number | null {
  if (answer === null) return null;
  const cleaned = answer.replace(/%/g, '').replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

const formatNumber = (value: number, digits = 0) =>
  value.toLocaleString('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Enter the month's figures in the form and submit them for approval. */
const enterFigures: Exercise = {
  id: 'nhap-so-lieu',
  title: t('Nhập số liệu tháng', "Enter the month's figures"),
  task: t(
    'Mở trang Nhập số liệu, chọn biểu mẫu của đơn vị, điền các chỉ tiêu của tháng, lưu nháp rồi bấm "Gửi duyệt".',
    'Open Data entry, choose your unit\'s form, fill in the month\'s indicators, save a draft, then press "Submit for approval".',
  ),
  page: '/entry',
  roles: ['entry'],
  check({ events }) {
    const saved = ofKind(events, 'figures.saved').length > 0;
    const submitted = ofKind(events, 'figures.submitted').some((event) => event.data.via === 'form');
    const found: LocalizedText[] = [];
    const missing: LocalizedText[] = [];
    if (saved || submitted) found.push(t('Đã nhập số liệu', 'Figures entered'));
    else missing.push(t('Chưa nhập số liệu nào', 'No figures entered yet'));
    if (submitted) found.push(t('Đã gửi duyệt từ biểu mẫu', 'Submitted for approval from the form'));
    else missing.push(t('Chưa bấm "Gửi duyệt" trên biểu mẫu', '"Submit for approval" not pressed on the form yet'));
    return result(found, missing);
  },
};

/** Fill in the Excel template offline and import it. */
const importExcel: Exercise = {
  id: 'nhap-excel',
  title: t('Nhập số liệu bằng tệp Excel mẫu', 'Import the Excel template'),
  task: t(
    'Tải tệp Excel mẫu của biểu mẫu, điền số liệu trên máy, rồi tải tệp lên và gửi duyệt.',
    "Download the form's Excel template, fill it in on your computer, then upload it and submit.",
  ),
  page: '/entry',
  roles: ['entry'],
  check({ events }) {
    const imported = ofKind(events, 'figures.submitted').some((event) => event.data.via === 'xlsx');
    const csv = ofKind(events, 'figures.submitted').some((event) => event.data.via === 'csv');
    if (imported) return result([t('Đã nhập và gửi tệp Excel', 'Excel file imported and submitted')], []);
    return result(
      [],
      [
        csv
          ? t(
              'Đã nhập tệp CSV — bài này cần tệp Excel mẫu (.xlsx)',
              'A CSV file was imported — this exercise needs the Excel template (.xlsx)',
            )
          : t('Chưa có tệp Excel nào được tải lên và gửi duyệt', 'No Excel file uploaded and submitted yet'),
      ],
    );
  },
};

/** Accept, answer and close one citizen's report, all on the same report. */
const handleReport: Exercise = {
  id: 'xu-ly-phan-anh',
  title: t('Tiếp nhận, trả lời và kết thúc một phản ánh', "Accept, answer and close a citizen's report"),
  task: t(
    'Trong Hộp thư của đơn vị, nhận một phản ánh, trả lời người dân (nêu việc đã làm), rồi kết thúc phản ánh đó.',
    "In your unit's inbox, accept a report, answer the citizen (say what was done), then close that report.",
  ),
  page: '/entry/hop-thu',
  roles: ['handler'],
  check({ events }) {
    const steps = [
      { kind: 'report.accepted', label: t('nhận xử lý', 'accepted') },
      { kind: 'report.responded', label: t('trả lời người dân', 'answered the citizen') },
      { kind: 'report.closed', label: t('kết thúc', 'closed') },
    ];
    // The report on which the trainee went furthest: the steps must be on one report.
    const byReport = new Map<string, Set<string>>();
    for (const event of events) {
      const id = text(event.data.reportId);
      if (!id || !steps.some((step) => step.kind === event.kind)) continue;
      const done = byReport.get(id) ?? new Set<string>();
      done.add(event.kind);
      byReport.set(id, done);
    }
    let best: { id: string; done: Set<string> } | null = null;
    for (const [id, done] of byReport) if (!best || done.size > best.done.size) best = { id, done };
    if (!best)
      return result(
        [],
        steps.map((step) => t(`Chưa ${step.label.vi}`, `Not ${step.label.en} yet`)),
      );
    const found = steps
      .filter((step) => best.done.has(step.kind))
      .map((step) => t(`Phản ánh ${best.id}: đã ${step.label.vi}`, `Report ${best.id}: ${step.label.en}`));
    const missing = steps
      .filter((step) => !best.done.has(step.kind))
      .map((step) => t(`Phản ánh ${best.id}: chưa ${step.label.vi}`, `Report ${best.id}: not ${step.label.en} yet`));
    return result(found, missing);
  },
};

/** Give a new report to the department in charge. */
const assignReport: Exercise = {
  id: 'phan-cong',
  title: t('Chuyển phản ánh cho đơn vị xử lý', 'Assign a report to the department in charge'),
  task: t(
    'Trên bảng Điều phối, chọn một phản ánh mới và chuyển cho đơn vị được gợi ý (hoặc đơn vị đúng hơn).',
    'On the dispatch board, pick a new report and assign it to the suggested department (or a better one).',
  ),
  page: '/entry/dieu-phoi',
  roles: ['operator'],
  check({ events }) {
    const assigned = ofKind(events, 'report.assigned');
    if (assigned.length > 0)
      return result([t(`Đã chuyển ${assigned.length} phản ánh`, `${assigned.length} report(s) assigned`)], []);
    return result([], [t('Chưa chuyển phản ánh nào cho đơn vị xử lý', 'No report assigned to a department yet')]);
  },
};

/** Approve or reject a citizen's report for publication. */
const moderateReport: Exercise = {
  id: 'kiem-duyet',
  title: t('Kiểm duyệt một phản ánh', 'Moderate a report'),
  task: t(
    'Trong Hàng đợi kiểm duyệt, đọc một phản ánh mới, xem bản công khai (đã che thông tin cá nhân), rồi duyệt hoặc từ chối.',
    'In the moderation queue, read a new report, look at its public version (personal data masked), then approve or reject it.',
  ),
  page: '/entry/kiem-duyet',
  roles: ['operator'],
  check({ events }) {
    const decided = events.filter(
      (event) =>
        (event.kind === 'report.status' && (event.data.status === 'approved' || event.data.status === 'rejected')) ||
        (event.kind === 'report.moderated' && typeof event.data.publication === 'string'),
    );
    if (decided.length > 0)
      return result([t(`Đã kiểm duyệt ${decided.length} phản ánh`, `${decided.length} report(s) moderated`)], []);
    return result([], [t('Chưa duyệt hay từ chối phản ánh nào', 'No report approved or rejected yet')]);
  },
};

/** The ward a question is about: the trainee's own ward, else Tam Thanh (the city centre). */
const TAM_THANH = '05986';

/** Read a ward's overdue reports off the dashboard. */
const findOverdue: Exercise = {
  id: 'tim-qua-han',
  title: t('Tìm phản ánh quá hạn của một phường', "Find a ward's overdue reports"),
  task: t(
    'Mở bảng điều khiển Phản ánh hiện trường (/view/reports), tìm phường của bạn (hoặc phường Tam Thanh) và đọc số phản ánh đang quá hạn.',
    'Open the citizen reports dashboard (/view/reports), find your ward (or Tam Thanh ward) and read how many reports are overdue.',
  ),
  page: '/view/reports',
  roles: ['leader', 'operator'],
  question: t('Số phản ánh quá hạn của phường', "The ward's overdue reports"),
  check({ answer, unit, topics }) {
    const wards = topics.reports?.byWard ?? [];
    const ward = wards.find((row) => row.ward === unit) ?? wards.find((row) => row.ward === TAM_THANH);
    if (!ward)
      return result(
        [],
        [
          t(
            'Bảng điều khiển chưa có số liệu; thử lại sau ít phút',
            'The dashboard has no figures yet; try again in a minute',
          ),
        ],
      );
    const typed = parseAnswerNumber(answer);
    if (typed === null)
      return result(
        [],
        [t(`Hãy nhập số phản ánh quá hạn của ${ward.name}`, `Type the number of overdue reports of ${ward.name}`)],
      );
    if (typed === ward.overdue)
      return result(
        [
          t(
            `Đúng: ${ward.name} có ${ward.overdue} phản ánh quá hạn`,
            `Right: ${ward.name} has ${ward.overdue} overdue reports`,
          ),
        ],
        [],
      );
    return result(
      [],
      [
        t(
          `Chưa đúng: bạn nhập ${formatNumber(typed)}, ${ward.name} đang có ${ward.overdue} phản ánh quá hạn (cột "Quá hạn" của phường)`,
          `Not right: you typed ${typed}, ${ward.name} has ${ward.overdue} overdue reports now (the ward's "Overdue" column)`,
        ),
      ],
    );
  },
};

/** Read the month's on-time rate of public services. */
const readOnTimeRate: Exercise = {
  id: 'ty-le-dung-han',
  title: t('Đọc tỷ lệ giải quyết hồ sơ đúng hạn', 'Read the on-time rate of public services'),
  task: t(
    'Mở bảng điều khiển Hành chính công (/view/admin) và đọc tỷ lệ hồ sơ giải quyết đúng hạn trong tháng (%).',
    "Open the public administration dashboard (/view/admin) and read this month's on-time rate of dossiers (%).",
  ),
  page: '/view/admin',
  roles: ['leader'],
  question: t('Tỷ lệ đúng hạn trong tháng (%)', "This month's on-time rate (%)"),
  check({ answer, topics }) {
    const rate = topics.admin?.onTimeRateMonth;
    if (rate === null || rate === undefined)
      return result(
        [],
        [
          t(
            'Bảng điều khiển chưa có tỷ lệ tháng này; thử lại sau ít phút',
            'The dashboard has no rate for this month yet; try again in a minute',
          ),
        ],
      );
    const percent = rate * 100;
    const typed = parseAnswerNumber(answer);
    if (typed === null)
      return result([], [t('Hãy nhập tỷ lệ đúng hạn (ví dụ 96,3)', 'Type the on-time rate (e.g. 96.3)')]);
    // The dashboard rounds to one decimal: any reading of what it shows is right.
    if (Math.abs(typed - percent) <= 0.55)
      return result(
        [t(`Đúng: ${formatNumber(percent, 1)} % hồ sơ đúng hạn`, `Right: ${percent.toFixed(1)} % on time`)],
        [],
      );
    return result(
      [],
      [
        t(
          `Chưa đúng: bạn nhập ${formatNumber(typed, 1)} %, tỷ lệ tháng này là ${formatNumber(percent, 1)} %`,
          `Not right: you typed ${typed} %, this month's rate is ${percent.toFixed(1)} %`,
        ),
      ],
    );
  },
};

/**
 * Use the reporting system as a citizen does, so that the trainee can show people how: send a
 * report from the citizens' page and keep its tracking code. The citizen's page takes no account
 * (the report is the public's, not the trainee's), so the tracking code typed back is the proof.
 */
const sendReport: Exercise = {
  id: 'gui-phan-anh',
  title: t('Gửi phản ánh như người dân', 'Send a report as a citizen does'),
  task: t(
    'Mở trang Phản ánh hiện trường (/phan-anh) trên điện thoại, gửi một phản ánh (ảnh, vị trí, mô tả), rồi nhập mã theo dõi được cấp vào đây.',
    "Open the citizens' report page (/phan-anh) on your phone, send a report (photo, place, description), then type the tracking code it gives here.",
  ),
  page: '/phan-anh',
  roles: ['entry', 'handler', 'operator', 'leader'],
  question: t('Mã theo dõi (LS-…)', 'Tracking code (LS-…)'),
  answerInput: 'text',
  check({ answer, citizenReport }) {
    if (answer === null)
      return result(
        [],
        [t('Chưa nhập mã theo dõi của phản ánh đã gửi', 'The tracking code of the report sent is not typed yet')],
      );
    if (canonicalCode(answer) === null)
      return result(
        [],
        [
          t(
            `"${answer}" không phải mã theo dõi: mã có dạng LS-XXXX-XXXX, hiện ra sau khi bấm Gửi`,
            `"${answer}" is no tracking code: it reads LS-XXXX-XXXX and shows once Send is pressed`,
          ),
        ],
      );
    if (!citizenReport)
      return result(
        [],
        [
          t(
            'Không có phản ánh nào với mã này trong môi trường tập huấn: kiểm tra lại mã, hoặc gửi phản ánh trên trang tập huấn (có dải vàng)',
            'No report has this code in the practice space: check the code, or send the report on the practice page (the one with the yellow band)',
          ),
        ],
      );
    return result(
      [
        t(
          `Đã gửi phản ánh ${citizenReport.reportId} và giữ đúng mã theo dõi`,
          `Report ${citizenReport.reportId} sent, and its tracking code kept`,
        ),
      ],
      [],
    );
  },
};

/** In the order of the plan's topics: enter data, handle citizens' reports, use the reporting system, read the figures. */
export const EXERCISES: readonly Exercise[] = [
  enterFigures,
  importExcel,
  assignReport,
  moderateReport,
  handleReport,
  sendReport,
  findOverdue,
  readOnTimeRate,
];

export function exercisesFor(role: TraineeRole): Exercise[] {
  return EXERCISES.filter((exercise) => exercise.roles.includes(role));
}

export function exerciseById(id: string): Exercise | undefined {
  return EXERCISES.find((exercise) => exercise.id === id);
}
