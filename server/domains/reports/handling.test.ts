/**
 * Handling citizen reports: every action against every status (legal and illegal), the record
 * each action leaves on the report's timeline, and what of it the public may read.
 */
import { describe, expect, it } from 'vitest';
import { reportsDomain } from './index';
import { domainHarness } from '../../test-support/domain-harness';
import { canMove, HANDLING, HANDLING_KINDS, handlingRefusal, type HandlingKind } from './lifecycle';
import { isReportsAggregator, loadDepartments } from './aggregator';
import { departmentFor, departmentsFromCategories, slugOf } from './departments';
import { REPORT_STATUSES } from './schema';
import type { ReportStatus } from '../../protocol/topics';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);
const TAM_THANH = { lat: 21.855, lon: 106.749 };
const URBAN = 'phong-kinh-te';
const ENVIRONMENT = 'moi-truong-do-thi';

/** The table as the issue states it, written out here rather than read from the code under test. */
const LEGAL: Record<HandlingKind, ReportStatus[]> = {
  'report.assigned': ['new', 'approved'],
  'report.accepted': ['assigned'],
  'report.transferred': ['assigned', 'in_progress'],
  'report.extension-requested': ['assigned', 'in_progress'],
  'report.extended': ['new', 'approved', 'assigned', 'in_progress'],
  'report.responded': ['in_progress'],
  'report.closed': ['resolved', 'rated'],
  'report.merged': ['new', 'approved', 'assigned'],
  'report.not-responsible': ['new', 'approved', 'assigned'],
  'report.field-note': ['new', 'approved', 'assigned', 'in_progress', 'resolved', 'rated'],
};

function harness() {
  const h = domainHarness(reportsDomain, T0);
  const aggregator = h.aggregator;
  if (!isReportsAggregator(aggregator)) throw new Error('not the reports aggregator');
  const create = (id: string, category = 'waste', title = `Phản ánh ${id}`) =>
    h.apply('report.created', { reportId: id, category, title, description: 'Mô tả', ...TAM_THANH });
  const check = (kind: string, data: Record<string, unknown>) => aggregator.check!([{ kind, data }]);
  return { ...h, model: aggregator.readModel, create, check };
}

describe('departments (from config/units.yaml; from the categories when it names none)', () => {
  it('are slugs of the department in charge, and suggest the department of a category', () => {
    expect(slugOf('Công ty Cổ phần Cấp thoát nước Lạng Sơn')).toBe('cong-ty-co-phan-cap-thoat-nuoc-lang-son');
    expect(slugOf('Đội Quản lý trật tự đô thị')).toBe('doi-quan-ly-trat-tu-do-thi');
    const h = harness();
    const departments = loadDepartments(h.context);
    expect(departmentFor(departments, 'road-damage')?.id).toBe(URBAN);
    expect(departmentFor(departments, 'drainage')?.id).toBe(URBAN);
    expect(departmentFor(departments, 'waste')?.id).toBe(ENVIRONMENT);
    expect(departmentFor(departments, 'unknown')).toBeUndefined();
    expect(departmentsFromCategories([])).toEqual([]);
    // Department ids never look like administrative unit codes (digits only): the two namespaces stay apart.
    for (const department of departments) expect(department.id).toMatch(/^[a-z][a-z0-9-]*$/);
  });
});

describe('the handling lifecycle', () => {
  it('allows each action on exactly the statuses of the table, and refuses the others in Vietnamese and English', () => {
    for (const kind of HANDLING_KINDS) {
      for (const status of REPORT_STATUSES) {
        const refusal = handlingRefusal(kind, status);
        if (LEGAL[kind].includes(status)) expect(refusal, `${kind} on ${status}`).toBeNull();
        else {
          expect(refusal, `${kind} on ${status}`).not.toBeNull();
          expect(refusal!.vi).toMatch(/^không thể /);
          expect(refusal!.en).toMatch(/^cannot /);
        }
      }
    }
  });

  it('moves the status only along moves the status lifecycle allows', () => {
    for (const kind of HANDLING_KINDS) {
      const { from, to } = HANDLING[kind];
      if (to === null) continue;
      for (const status of from)
        if (status !== to || kind === 'report.transferred')
          expect(canMove(status, to), `${kind}: ${status} → ${to}`).toBe(true);
    }
  });

  it('applies every legal action and ignores every illegal one on a replayed store (the door refused it live)', () => {
    // Reach each status, then try each action on it through the aggregator itself.
    const paths: Record<ReportStatus, Array<[string, Record<string, unknown>]>> = {
      new: [],
      approved: [['report.status', { status: 'approved' }]],
      assigned: [['report.assigned', { department: URBAN }]],
      in_progress: [
        ['report.assigned', { department: URBAN }],
        ['report.accepted', {}],
      ],
      resolved: [
        ['report.assigned', { department: URBAN }],
        ['report.accepted', {}],
        ['report.responded', { text: 'Đã sửa' }],
      ],
      rated: [
        ['report.assigned', { department: URBAN }],
        ['report.accepted', {}],
        ['report.responded', { text: 'Đã sửa' }],
        ['report.rated', { satisfied: true, score: 5 }],
      ],
      closed: [
        ['report.assigned', { department: URBAN }],
        ['report.accepted', {}],
        ['report.responded', { text: 'Đã sửa' }],
        ['report.closed', {}],
      ],
      rejected: [['report.status', { status: 'rejected' }]],
      duplicate: [['report.merged', { duplicateOf: 'original' }]],
      not_responsible: [['report.not-responsible', { reason: 'Đường do tỉnh quản lý' }]],
    };
    const actionData: Record<HandlingKind, Record<string, unknown>> = {
      'report.assigned': { department: ENVIRONMENT },
      'report.accepted': {},
      'report.transferred': { department: ENVIRONMENT, reason: 'Thuộc lĩnh vực môi trường' },
      'report.extension-requested': { newDueAt: T0 + 30 * 24 * HOUR, reason: 'Chờ vật tư' },
      'report.extended': { newDueAt: T0 + 30 * 24 * HOUR },
      'report.responded': { text: 'Đã xử lý xong' },
      'report.closed': {},
      'report.merged': { duplicateOf: 'original' },
      'report.not-responsible': { reason: 'Không thuộc thẩm quyền' },
      'report.field-note': { text: 'Đã kiểm tra tại chỗ' },
    };
    const expectedStatus = (kind: HandlingKind, status: ReportStatus) =>
      LEGAL[kind].includes(status) ? (HANDLING[kind].to ?? status) : status;
    let n = 0;
    for (const status of REPORT_STATUSES) {
      for (const kind of HANDLING_KINDS) {
        const h = harness();
        h.create('original');
        const id = `r${++n}`;
        h.create(id);
        for (const [step, data] of paths[status]) h.apply(step, { reportId: id, ...data });
        expect(h.model.get(id)!.status, `reached ${status}`).toBe(status);
        const stepsBefore = h.model.get(id)!.timeline.length;
        // The door (check) and the aggregator agree.
        const conflict = h.check(kind, { reportId: id, ...actionData[kind] });
        expect(conflict === null, `${kind} on ${status}: ${JSON.stringify(conflict)}`).toBe(
          LEGAL[kind].includes(status),
        );
        h.apply(kind, { reportId: id, ...actionData[kind] });
        const report = h.model.get(id)!;
        expect(report.status, `${kind} on ${status}`).toBe(expectedStatus(kind, status));
        expect(report.timeline.length, `${kind} on ${status} leaves a step only when legal`).toBe(
          stepsBefore + (LEGAL[kind].includes(status) ? 1 : 0),
        );
      }
    }
  });

  it('refuses at the door, naming the field: unknown report, unknown department, transfer to itself, a merge into itself or into a duplicate, an extension not later', () => {
    const h = harness();
    h.create('a');
    h.create('b');
    expect(h.check('report.accepted', { reportId: 'nope' })).toMatchObject({
      field: 'reportId',
      vi: expect.stringMatching(/^không có phản ánh nope, hoặc phản ánh đã lưu trữ/),
    });
    expect(h.check('report.accepted', { reportId: 'a' })).toMatchObject({
      field: 'reportId',
      vi: expect.stringContaining('tiếp nhận'),
      en: expect.stringContaining('accept'),
    });
    expect(h.check('report.assigned', { reportId: 'a', department: 'phong-khong-co' })).toMatchObject({
      field: 'department',
      en: expect.stringContaining('no department "phong-khong-co"'),
    });
    h.apply('report.assigned', { reportId: 'a', department: URBAN });
    expect(h.check('report.transferred', { reportId: 'a', department: URBAN, reason: 'x' })).toMatchObject({
      field: 'department',
    });
    expect(h.check('report.merged', { reportId: 'b', duplicateOf: 'b' })).toMatchObject({ field: 'duplicateOf' });
    expect(h.check('report.merged', { reportId: 'b', duplicateOf: 'zzz' })).toMatchObject({
      field: 'duplicateOf',
      en: 'no report zzz',
    });
    h.apply('report.merged', { reportId: 'b', duplicateOf: 'a' });
    h.create('c');
    expect(h.check('report.merged', { reportId: 'c', duplicateOf: 'b' })).toMatchObject({
      field: 'duplicateOf',
      en: expect.stringContaining('original'),
    });
    const due = h.model.get('a')!.dueAt;
    expect(h.check('report.extension-requested', { reportId: 'a', newDueAt: due, reason: 'x' })).toMatchObject({
      field: 'newDueAt',
    });
    expect(h.check('report.extension-requested', { reportId: 'a', newDueAt: due + HOUR, reason: 'x' })).toBeNull();
    // A batch is checked as it would apply: assign then accept in one request is fine.
    expect(
      h.aggregator.check!([
        { kind: 'report.assigned', data: { reportId: 'c', department: URBAN } },
        { kind: 'report.accepted', data: { reportId: 'c' } },
      ]),
    ).toBeNull();
  });
});

describe('the timeline is the record', () => {
  it("counts a report on the wall for the department that has it: the category's until dispatch, then the assigned one", () => {
    const h = harness();
    const open = () =>
      Object.fromEntries(
        (h.flush(), h.out.get('reports.summary')).byDepartment.map((row) => [row.department, row.open]),
      );
    // A waste report is the environment company's before anyone dispatches it.
    h.create('d');
    expect(open()).toEqual({ 'Công ty Môi trường đô thị': 1 });
    h.apply('report.assigned', { reportId: 'd', department: URBAN });
    expect(open()).toMatchObject({ 'Phòng Kinh tế, Hạ tầng và Đô thị': 1, 'Công ty Môi trường đô thị': 0 });
    h.apply('report.transferred', { reportId: 'd', department: ENVIRONMENT, reason: 'Thuộc công ty môi trường' });
    expect(open()).toMatchObject({ 'Phòng Kinh tế, Hạ tầng và Đô thị': 0, 'Công ty Môi trường đô thị': 1 });
  });

  it('keeps every step in order with its actor, time, status and details; the extension moves the SLA deadline', () => {
    const h = harness();
    h.create('r');
    const steps: Array<[string, Record<string, unknown>, string]> = [
      ['report.assigned', { department: URBAN, note: 'Gấp' }, 'user:dieu-phoi'],
      ['report.transferred', { department: ENVIRONMENT, reason: 'Rác thuộc công ty môi trường' }, 'user:qldt'],
      ['report.accepted', {}, 'user:moi-truong'],
      ['report.field-note', { text: 'Đã đến hiện trường', photoUrls: ['https://anh.example/1.jpg'] }, 'user:phuong'],
      ['report.extension-requested', { newDueAt: T0 + 48 * HOUR, reason: 'Chờ xe chuyên dụng' }, 'user:moi-truong'],
      ['report.extended', { newDueAt: T0 + 48 * HOUR }, 'user:dieu-phoi'],
      ['report.responded', { text: 'Đã thu gom', photoUrls: ['https://anh.example/2.jpg'] }, 'user:moi-truong'],
      ['report.closed', {}, 'user:moi-truong'],
    ];
    steps.forEach(([kind, data, actor], index) =>
      h.apply(kind, { reportId: 'r', ...data }, T0 + (index + 1) * HOUR, false, actor),
    );
    const report = h.model.get('r')!;
    expect(report.timeline.map((entry) => [entry.kind, entry.status, entry.actor, entry.at])).toEqual([
      ['report.created', 'new', 'test', T0],
      ['report.assigned', 'assigned', 'user:dieu-phoi', T0 + HOUR],
      ['report.transferred', 'assigned', 'user:qldt', T0 + 2 * HOUR],
      ['report.accepted', 'in_progress', 'user:moi-truong', T0 + 3 * HOUR],
      ['report.field-note', 'in_progress', 'user:phuong', T0 + 4 * HOUR],
      ['report.extension-requested', 'in_progress', 'user:moi-truong', T0 + 5 * HOUR],
      ['report.extended', 'in_progress', 'user:dieu-phoi', T0 + 6 * HOUR],
      ['report.responded', 'resolved', 'user:moi-truong', T0 + 7 * HOUR],
      ['report.closed', 'closed', 'user:moi-truong', T0 + 8 * HOUR],
    ]);
    expect(report.timeline[1]).toMatchObject({
      department: URBAN,
      departmentName: 'Phòng Kinh tế, Hạ tầng và Đô thị',
      text: 'Gấp',
      label: { vi: 'Giao xử lý' },
    });
    expect(report.timeline[2]).toMatchObject({ department: ENVIRONMENT, text: 'Rác thuộc công ty môi trường' });
    expect(report.timeline[4]).toMatchObject({ text: 'Đã đến hiện trường', photoUrls: ['https://anh.example/1.jpg'] });
    expect(report.department).toBe(ENVIRONMENT);
    expect(report.extendedDueAt).toBe(T0 + 48 * HOUR);
    expect(report.extensionRequest).toBeNull();
    expect(report.response).toEqual({
      text: 'Đã thu gom',
      photoUrls: ['https://anh.example/2.jpg'],
      photos: [],
      at: T0 + 7 * HOUR,
    });
    expect(report.handledAt).toBe(T0 + 7 * HOUR);
    const item = h.out.get('reports.recent').find((entry) => entry.id === 'r')!;
    expect(item).toMatchObject({
      status: 'closed',
      department: ENVIRONMENT,
      departmentName: 'Công ty Môi trường đô thị',
      extendedDueAt: T0 + 48 * HOUR,
    });
  });

  it('a pending extension request is kept until granted and does not move the deadline itself', () => {
    const h = harness();
    h.create('r');
    h.apply('report.assigned', { reportId: 'r', department: ENVIRONMENT });
    h.apply('report.extension-requested', { reportId: 'r', newDueAt: T0 + 96 * HOUR, reason: 'Chờ vật tư' }, T0 + HOUR);
    const report = h.model.get('r')!;
    expect(report.extensionRequest).toEqual({ newDueAt: T0 + 96 * HOUR, reason: 'Chờ vật tư', at: T0 + HOUR });
    expect(report.extendedDueAt).toBeNull();
  });
});

describe('what the public reads of the handling', () => {
  it('the official response, masked, on an approved report; nothing of an unapproved one; never field notes or reasons', () => {
    const h = harness();
    h.create('pub');
    h.create('hidden');
    for (const id of ['pub', 'hidden']) {
      h.apply('report.assigned', { reportId: id, department: ENVIRONMENT, note: 'GHI-CHU-NOI-BO' });
      h.apply('report.accepted', { reportId: id });
      h.apply('report.field-note', { reportId: id, text: 'NOTE-HIEN-TRUONG' });
      h.apply('report.responded', { reportId: id, text: 'Đã thu gom. Liên hệ anh Nam 0912 345 678.' });
    }
    // Dispatched before moderation: approved for publication by the moderator's decision.
    h.apply('report.moderated', { reportId: 'pub', publication: 'approved' });
    const publicList = h.out.get('reports.public-recent');
    expect(publicList.map((item) => item.id)).toEqual(['pub']);
    expect(publicList[0]!.response).toBe('Đã thu gom. Liên hệ anh Nam [đã ẩn số điện thoại].');
    const text = JSON.stringify(publicList);
    expect(text).not.toContain('GHI-CHU-NOI-BO');
    expect(text).not.toContain('NOTE-HIEN-TRUONG');
    expect(text).not.toContain(ENVIRONMENT);
    // Rejected for publication later: it leaves the public list.
    h.apply('report.moderated', { reportId: 'pub', publication: 'rejected' });
    expect(h.out.get('reports.public-recent')).toEqual([]);
  });
});

describe('an approval a feed key stored before the moderation guard existed', () => {
  it('moves the handling on but publishes nothing: the report waits for a moderator, as a new one does', () => {
    const h = harness();
    h.create('old-key');
    h.create('by-person');
    // Replayed from the store: the key's approval came in before the guard refused it.
    h.apply('report.status', { reportId: 'old-key', status: 'approved' }, T0, false, 'key:citizen-app');
    h.apply('report.status', { reportId: 'by-person', status: 'approved' }, T0, false, 'user:kiem-duyet');
    expect(h.out.get('reports.public-recent').map((item) => item.id)).toEqual(['by-person']);
    expect(h.model.get('old-key')).toMatchObject({ status: 'approved', publication: 'waiting' });
    // A moderator's decision publishes it then.
    h.apply('report.moderated', { reportId: 'old-key', publication: 'approved' }, T0, false, 'user:kiem-duyet');
    expect(
      h.out
        .get('reports.public-recent')
        .map((item) => item.id)
        .sort(),
    ).toEqual(['by-person', 'old-key']);
  });
});
