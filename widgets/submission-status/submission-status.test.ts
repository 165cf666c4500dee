import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import type { ReportingStatusItem } from '../../server/protocol/topics';
import SubmissionStatus from './SubmissionStatus.svelte';
import manifest from './manifest';
import { options, type SubmissionStatusOptions } from './options';

const item = (
  unit: string,
  name: string,
  state: ReportingStatusItem['state'],
  daysLate: number,
  period = '2026-11',
): ReportingStatusItem => ({
  id: `phuong-xa-thang|${period}|${unit}`,
  template: 'phuong-xa-thang',
  templateTitle: { vi: 'Báo cáo tháng của phường', en: 'Monthly ward report' },
  period,
  unit,
  unitName: { vi: name, en: name },
  state,
  dueDate: '2026-12-05',
  daysLate,
  submittedAt: null,
  corrections: 0,
  updatedAt: 0,
});
const o = Value.Default(options, {}) as SubmissionStatusOptions;
const status = [
  item('05986', 'Phường Tam Thanh', 'published', 0),
  item('05983', 'Phường Lương Văn Tri', 'submitted', 1),
  item('06187', 'Phường Kỳ Lừa', 'missing', 4),
  item('05977', 'Phường Đông Kinh', 'returned', 2),
  // An older month still listed: the widget shows the latest.
  item('05977', 'Phường Đông Kinh', 'missing', 30, '2026-10'),
];

/** A page that is no registered screen: this widget does not depend on which screen shows it. */
const anyPage = { screen: null };

describe('submission-status widget', () => {
  it('counts the latest period per template and lists the late units first, latest first', () => {
    expect(manifest.topics(o)).toEqual(['reporting.status']);
    expect(manifest.bind({}, o, anyPage)).toBeNull();
    const input = manifest.bind({ 'reporting.status': status }, o, anyPage)!;
    expect(input.templates).toHaveLength(1);
    expect(input.templates[0]).toMatchObject({ period: '2026-11', total: 4, submitted: 2, approved: 1, late: 2 });
    expect(input.templates[0]!.rows.map((row) => [row.unitName.vi, row.state, row.daysLate])).toEqual([
      ['Phường Kỳ Lừa', 'missing', 4],
      ['Phường Đông Kinh', 'returned', 2],
      ['Phường Lương Văn Tri', 'submitted', 1],
      ['Phường Tam Thanh', 'published', 0],
    ]);
    expect(manifest.bind({ 'reporting.status': status }, { ...o, template: 'khac' }, anyPage)!.templates).toEqual([]);
  });

  it('says it in Vietnamese: submitted of total, late by N days', () => {
    const target = document.createElement('div');
    const component = mount(SubmissionStatus, {
      target,
      props: {
        input: manifest.bind({ 'reporting.status': status }, o, anyPage)!,
        options: o,
        locale: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'wall',
        city: { center: [106.76, 21.85], zoom: 12, wardBoundariesSchematic: true },
        serverNow: () => 0,
        now: 0,
      },
    });
    flushSync();
    expect(target.querySelector('.counts')!.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      '2/4 đã nộp · 1 đã duyệt · 2 trễ hạn',
    );
    // In the palette of meanings: late and not handed in is an alarm, published is met, submitted late is not judged.
    expect([...target.querySelectorAll('li')].map((li) => li.getAttribute('data-meaning'))).toEqual([
      'alarm',
      'alarm',
      'neutral',
      'met',
    ]);
    expect(target.querySelector('li.meaning-alarm')!.textContent!.replace(/\s+/g, ' ').trim()).toBe(
      'Phường Kỳ Lừa Chưa nộp · trễ 4 ngày',
    );
    unmount(component);
  });
});
