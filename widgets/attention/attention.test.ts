import { describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import Attention from './Attention.svelte';
import manifest from './manifest';
import { bindAttention, lastedText, rowsThatFit } from './bind';
import { options, type AttentionOptions } from './options';
import type { ExceptionItem } from '../../server/protocol/topics';
import type { DetailTarget } from '../widget';
import { meaningOfException } from '../meaning';

const o = Value.Default(options, {}) as AttentionOptions;
const NOW = Date.UTC(2026, 11, 4, 3, 0, 0);
const item = (extra: Partial<ExceptionItem>): ExceptionItem => ({
  id: 'x',
  rule: 'x',
  severity: 'alarm',
  basis: 'absolute',
  label: { vi: 'Chỉ tiêu', en: 'Indicator' },
  topic: 'reports.summary',
  field: 'overdue',
  unit: null,
  unitKey: null,
  value: 1,
  reference: 1,
  ratio: 1,
  measure: null,
  since: NOW,
  ...extra,
});

const trucks = item({
  id: 'xe-cho-thong-quan',
  basis: 'plan',
  label: { vi: 'Xe hàng chờ thông quan', en: 'Trucks waiting at the border' },
  topic: 'kpi.values',
  field: 'value',
  value: 2.37,
  reference: 1.5,
  since: NOW - 12 * 60_000,
});
const reports = item({
  id: 'phan-anh-hom-nay',
  severity: 'anomaly',
  basis: 'baseline',
  label: { vi: 'Phản ánh tiếp nhận hôm nay', en: 'Citizen reports received today' },
  topic: 'reports.history',
  field: 'days.received',
  value: 147,
  reference: 25,
  measure: { vi: 'phản ánh', en: 'reports' },
  since: NOW - 3 * 3_600_000,
});
const ward = item({
  id: 'qua-han-phuong-xa:05977',
  severity: 'warn',
  label: { vi: 'Phản ánh quá hạn', en: 'Overdue citizen reports' },
  field: 'byWard.overdue',
  unit: 'Phường Lương Văn Tri',
  unitKey: '05977',
  value: 9,
  reference: 8,
  measure: { vi: 'phản ánh', en: 'reports' },
});
const feed = item({
  id: 'feed:dem-xe-mqtt',
  basis: 'silence',
  label: { vi: 'Nguồn dữ liệu “Trạm đếm xe” im lặng từ 09:45', en: 'Feed “Traffic counters” silent since 09:45' },
  topic: 'feeds',
  field: 'dem-xe-mqtt',
  value: 75,
  reference: 15,
});
const city = { center: [106.76, 21.85] as [number, number], zoom: 12, wardBoundariesSchematic: true };

function show(items: ExceptionItem[], extra: { onselect?: (target: DetailTarget) => void; locale?: 'vi' | 'en' } = {}) {
  const target = document.createElement('div');
  target.style.height = '600px';
  document.body.append(target);
  const component = mount(Attention, {
    target,
    props: {
      input: bindAttention({ 'exceptions.now': { items } }, o)!,
      options: o,
      locale: extra.locale ?? 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      profile: 'wall',
      city,
      serverNow: () => NOW,
      now: NOW,
      ...(extra.onselect ? { onselect: extra.onselect } : {}),
    },
  });
  flushSync();
  return { target, done: () => (unmount(component), target.remove()) };
}

describe('attention widget', () => {
  it('reads exceptions.now only, and waits while it has no value', () => {
    expect(manifest.topics(o)).toEqual(['exceptions.now']);
    expect(bindAttention({}, o)).toBeNull();
  });

  it('says each figure against its limit or its usual, in vi-VN, and for how long', () => {
    const rows = bindAttention({ 'exceptions.now': { items: [trucks, ward, reports, feed] } }, o)!.rows;
    expect(rows.map((row) => [row.figure.vi, row.reference.vi])).toEqual([
      ['237,0 % kế hoạch', 'ngưỡng 150,0 %'],
      ['9 phản ánh', 'ngưỡng 8'],
      ['147 phản ánh', 'thường lệ 25'],
      ['1 giờ', 'giới hạn 15 phút'],
    ]);
    expect(rows[0]!.figure.en).toBe('237,0 % of plan'); // vi-VN numbers in both languages;
    expect(lastedText(trucks.since, NOW, 'vi')).toBe('12 phút nay');
    expect(lastedText(trucks.since, NOW, 'en')).toBe('for 12 min');
  });

  it('red only for an alarm, amber for a warning, an anomaly neutral', () => {
    expect(meaningOfException('alarm')).toBe('alarm');
    expect(meaningOfException('warn')).toBe('warn');
    expect(meaningOfException('anomaly')).toBe('neutral');
    const { target, done } = show([trucks, ward, reports]);
    const meanings = [...target.querySelectorAll('li')].map((li) => [li.dataset.id, li.dataset.meaning]);
    expect(meanings).toEqual([
      ['xe-cho-thong-quan', 'alarm'],
      ['qua-han-phuong-xa:05977', 'warn'],
      ['phan-anh-hom-nay', 'neutral'],
    ]);
    expect(target.querySelector('li')!.classList.contains('meaning-alarm')).toBe(true);
    expect(target.textContent).toContain('Báo động');
    expect(target.textContent).toContain('Phường Lương Văn Tri');
    expect(target.textContent).toContain('3 giờ nay');
    // On a wall nothing is selectable.
    expect(target.querySelector('button')).toBeNull();
    done();
  });

  it('an empty list says all is within limits', () => {
    const { target, done } = show([]);
    expect(target.textContent).toContain('Mọi chỉ số trong giới hạn');
    done();
    const english = show([], { locale: 'en' });
    expect(english.target.textContent).toContain('Everything within its limits');
    english.done();
  });

  it('on /view a row is a button that opens the detail of its exception (the server finds its indicator); a feed row is not', () => {
    const onselect = vi.fn();
    const { target, done } = show([ward, feed], { onselect });
    const buttons = target.querySelectorAll('button');
    expect(buttons).toHaveLength(1);
    buttons[0]!.click();
    expect(onselect).toHaveBeenCalledWith({
      topic: 'exceptions.now',
      field: ward.rule,
      exception: ward.id,
      label: ward.label,
    });
    done();
  });

  it('leaves out rows that would be cut, keeping a line for “+N more”', () => {
    expect(rowsThatFit(0, 40, 6)).toBe(6);
    expect(rowsThatFit(400, 40, 6)).toBe(6);
    expect(rowsThatFit(200, 40, 6)).toBe(4);
  });
});
