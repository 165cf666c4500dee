/**
 * Each exercise's checker with a right and a wrong result: what the trainee did in the practice
 * space (their events) or what they typed, against the practice topics.
 */
import { describe, expect, it } from 'vitest';
import {
  exerciseById,
  exercisesFor,
  parseAnswerNumber,
  EXERCISES,
  type CheckInput,
  type PracticeEvent,
} from './exercises';
import type { ReportSummary, WardCount } from '../protocol/topics/reports';
import type { AdminSummary } from '../protocol/topics/admin';

const event = (kind: string, data: Record<string, unknown>, time = 0): PracticeEvent => ({ kind, time, data });
const input = (over: Partial<CheckInput> = {}): CheckInput => ({
  events: [],
  unit: null,
  answer: null,
  topics: { reports: null, admin: null },
  citizenReport: null,
  ...over,
});
const check = (id: string, over: Partial<CheckInput> = {}) => exerciseById(id)!.check(input(over));

const ward = (code: string, name: string, overdue: number): WardCount => ({
  ward: code,
  name,
  received: 40,
  open: 10,
  overdue,
  onTimeRate: 0.9,
});
const reports = (byWard: WardCount[]) => ({ byWard }) as unknown as ReportSummary;
const admin = (onTimeRateMonth: number | null) => ({ onTimeRateMonth }) as unknown as AdminSummary;

describe('the exercises of the plan', () => {
  it('has one exercise per training topic, each for at least one role, with its page and task in both languages', () => {
    expect(EXERCISES.map((exercise) => exercise.id)).toEqual([
      'nhap-so-lieu',
      'nhap-excel',
      'phan-cong',
      'kiem-duyet',
      'xu-ly-phan-anh',
      'gui-phan-anh',
      'tim-qua-han',
      'ty-le-dung-han',
    ]);
    for (const exercise of EXERCISES) {
      expect(exercise.roles.length).toBeGreaterThan(0);
      expect(exercise.page).toMatch(/^\//);
      expect(exercise.task.vi).not.toBe(exercise.task.en);
    }
    expect(exercisesFor('entry').map((exercise) => exercise.id)).toEqual([
      'nhap-so-lieu',
      'nhap-excel',
      'gui-phan-anh',
    ]);
    expect(exercisesFor('leader').map((exercise) => exercise.id)).toEqual([
      'gui-phan-anh',
      'tim-qua-han',
      'ty-le-dung-han',
    ]);
    // Every trainee is shown the citizens' way of reporting (the plan: "use the reporting system").
    for (const role of ['entry', 'handler', 'operator', 'leader'] as const)
      expect(exercisesFor(role).map((exercise) => exercise.id)).toContain('gui-phan-anh');
  });

  it("enter the month's figures: done only once submitted from the form; a draft alone says what is missing", () => {
    expect(check('nhap-so-lieu').done).toBe(false);
    const draft = check('nhap-so-lieu', { events: [event('figures.saved', { template: 't', unit: '05986' })] });
    expect(draft.done).toBe(false);
    expect(draft.found.map((text) => text.en)).toEqual(['Figures entered']);
    expect(draft.missing.map((text) => text.vi)).toEqual(['Chưa bấm "Gửi duyệt" trên biểu mẫu']);
    const imported = check('nhap-so-lieu', { events: [event('figures.submitted', { via: 'xlsx' })] });
    expect(imported.done).toBe(false);
    expect(check('nhap-so-lieu', { events: [event('figures.submitted', { via: 'form' })] }).done).toBe(true);
  });

  it('import the Excel template: an .xlsx submission passes; a CSV is named as the wrong file', () => {
    expect(check('nhap-excel', { events: [event('figures.submitted', { via: 'xlsx' })] }).done).toBe(true);
    const csv = check('nhap-excel', { events: [event('figures.submitted', { via: 'csv' })] });
    expect(csv.done).toBe(false);
    expect(csv.missing[0]!.vi).toContain('CSV');
    expect(check('nhap-excel', { events: [event('figures.submitted', { via: 'form' })] }).done).toBe(false);
  });

  it('handle a report: accepted, answered and closed on the same report; steps spread over two reports do not count', () => {
    const whole = check('xu-ly-phan-anh', {
      events: [
        event('report.accepted', { reportId: 'a' }),
        event('report.responded', { reportId: 'a', text: 'Đã vá ổ gà' }),
        event('report.closed', { reportId: 'a' }),
      ],
    });
    expect(whole).toMatchObject({ done: true, missing: [] });
    const spread = check('xu-ly-phan-anh', {
      events: [
        event('report.accepted', { reportId: 'a' }),
        event('report.responded', { reportId: 'a' }),
        event('report.closed', { reportId: 'b' }),
      ],
    });
    expect(spread.done).toBe(false);
    expect(spread.missing.map((text) => text.en)).toEqual(['Report a: not closed yet']);
    expect(check('xu-ly-phan-anh').missing).toHaveLength(3);
  });

  it('assign and moderate: counted from the dispatch and moderation events the trainee made', () => {
    expect(check('phan-cong', { events: [event('report.assigned', { reportId: 'a', department: 'x' })] }).done).toBe(
      true,
    );
    expect(check('phan-cong', { events: [event('report.accepted', { reportId: 'a' })] }).done).toBe(false);
    expect(check('kiem-duyet', { events: [event('report.status', { reportId: 'a', status: 'approved' })] }).done).toBe(
      true,
    );
    expect(
      check('kiem-duyet', { events: [event('report.moderated', { reportId: 'a', publication: 'rejected' })] }).done,
    ).toBe(true);
    // Editing a public title is not yet a decision; nor is a status the handling gave.
    expect(check('kiem-duyet', { events: [event('report.moderated', { reportId: 'a', publicTitle: 'x' })] }).done).toBe(
      false,
    );
    expect(check('kiem-duyet', { events: [event('report.status', { reportId: 'a', status: 'resolved' })] }).done).toBe(
      false,
    );
  });

  it('send a report as a citizen: done by a tracking code the practice space knows; a wrong or malformed code says why', () => {
    expect(exerciseById('gui-phan-anh')!.answerInput).toBe('text');
    const right = check('gui-phan-anh', { answer: 'LS-7K3M-Q9XD', citizenReport: { reportId: 'pa-abc' } });
    expect(right).toMatchObject({ done: true, missing: [] });
    expect(right.found[0]!.vi).toContain('pa-abc');
    const unknown = check('gui-phan-anh', { answer: 'LS-7K3M-Q9XD', citizenReport: null });
    expect(unknown.done).toBe(false);
    expect(unknown.missing[0]!.en).toContain('No report has this code');
    const malformed = check('gui-phan-anh', { answer: '12345', citizenReport: null });
    expect(malformed.done).toBe(false);
    expect(malformed.missing[0]!.vi).toContain('LS-XXXX-XXXX');
    expect(check('gui-phan-anh').missing[0]!.en).toContain('not typed yet');
  });

  it("find a ward's overdue reports: the trainee's own ward, else Tam Thanh; a wrong figure is told with the right one", () => {
    const topics = {
      reports: reports([ward('05986', 'Phường Tam Thanh', 7), ward('05977', 'Phường Đông Kinh', 3)]),
      admin: null,
    };
    expect(check('tim-qua-han', { topics, answer: '7' }).done).toBe(true);
    expect(check('tim-qua-han', { topics, answer: '3', unit: '05977' }).done).toBe(true);
    const wrong = check('tim-qua-han', { topics, answer: '5' });
    expect(wrong.done).toBe(false);
    expect(wrong.missing[0]!.vi).toContain('Phường Tam Thanh đang có 7 phản ánh quá hạn');
    expect(check('tim-qua-han', { topics, answer: 'bảy' }).missing[0]!.en).toContain('Type the number');
    expect(check('tim-qua-han', { answer: '7' }).missing[0]!.en).toContain('no figures yet');
  });

  it('read the on-time rate: either decimal comma or point, within what the dashboard rounds to', () => {
    const topics = { reports: null, admin: admin(0.9634) };
    expect(check('ty-le-dung-han', { topics, answer: '96,3' }).done).toBe(true);
    expect(check('ty-le-dung-han', { topics, answer: '96.3 %' }).done).toBe(true);
    expect(check('ty-le-dung-han', { topics, answer: '96' }).done).toBe(true);
    const wrong = check('ty-le-dung-han', { topics, answer: '93,6' });
    expect(wrong.done).toBe(false);
    expect(wrong.missing[0]!.vi).toContain('96,3 %');
    expect(check('ty-le-dung-han', { topics: { reports: null, admin: admin(null) }, answer: '96' }).done).toBe(false);
  });

  it('reads typed numbers the way people type them', () => {
    expect(parseAnswerNumber(' 12 ')).toBe(12);
    expect(parseAnswerNumber('96,3 %')).toBe(96.3);
    expect(parseAnswerNumber('1.5')).toBe(1.5);
    expect(parseAnswerNumber('mười')).toBeNull();
    expect(parseAnswerNumber(null)).toBeNull();
  });
});
