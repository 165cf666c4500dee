import { describe, expect, it } from 'vitest';
import { reportsDomain } from './index';
import { domainHarness } from '../../test-support/domain-harness';
import { canMove } from './lifecycle';

const HOUR = 3_600_000;
// 10:00 on 28/11/2026 in Hà Nội.
const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);
// Points inside the schematic wards (fixtures/geodata/langson-wards-schematic.geojson).
const TAM_THANH = { lat: 21.855, lon: 106.749 };
const DONG_KINH = { lat: 21.846, lon: 106.768 };

function report(h: ReturnType<typeof domainHarness>, id: string, place = TAM_THANH, category = 'waste', extra: Record<string, unknown> = {}) {
  h.apply('report.created', { reportId: id, category, title: `Phản ánh ${id}`, description: 'Mô tả chi tiết', ...place, ...extra });
}
function move(h: ReturnType<typeof domainHarness>, id: string, ...statuses: string[]) {
  for (const status of statuses) h.apply('report.status', { reportId: id, status });
}

describe('reports domain', () => {
  it('checks its input schemas and names the bad field', () => {
    const h = domainHarness(reportsDomain, T0);
    expect(h.errors('report.created', { reportId: 'r', category: 'waste', title: 'x', description: '', lat: 91, lon: 106 })).toEqual(['/lat must be <= 90']);
    expect(h.errors('report.status', { reportId: 'r', status: 'teleported' })[0]).toMatch(/^\/status/);
    expect(h.errors('report.rated', { reportId: 'r', satisfied: true, score: 6 })).toEqual(['/score must be <= 5']);
    expect(h.errors('report.created', { reportId: 'r', category: 'waste', title: 'x', description: '', lat: 21, lon: 106, reporter: { ssn: '1' } })).not.toEqual([]);
  });

  it('assigns each report to its ward on the real (schematic) boundaries', () => {
    const h = domainHarness(reportsDomain, T0);
    report(h, 'a', TAM_THANH);
    report(h, 'b', DONG_KINH);
    report(h, 'c', { lat: 21.83, lon: 106.72 }); // Quảng Lạc
    report(h, 'far', { lat: 21.0, lon: 105.8 }); // Hà Nội: outside the city, nearest ward
    const wards = Object.fromEntries(h.out.get('reports.recent').map((item) => [item.id, item.ward]));
    expect(wards).toMatchObject({ a: '05974', b: '05980', c: '05989' });
    expect(wards.far).toMatch(/^059\d\d$/);
  });

  it('follows the lifecycle and refuses impossible moves', () => {
    expect(canMove('new', 'approved')).toBe(true);
    expect(canMove('new', 'resolved')).toBe(false);
    expect(canMove('rated', 'in_progress')).toBe(true);
    expect(canMove('closed', 'in_progress')).toBe(false);
    const h = domainHarness(reportsDomain, T0);
    report(h, 'a');
    move(h, 'a', 'resolved'); // not allowed from new: ignored
    expect(h.out.get('reports.recent')[0]!.status).toBe('new');
    move(h, 'a', 'approved', 'assigned');
    expect(h.out.get('reports.recent')[0]!.status).toBe('assigned');
    move(h, 'ghost', 'approved'); // unknown report: ignored, no throw
  });

  it('computes on-time rate, satisfaction, overdue and handling time against the SLA', () => {
    const h = domainHarness(reportsDomain, T0);
    // waste: SLA 24 h. a: handled in 10 h (on time); b: handled in 30 h (late); c: still open after 25 h (overdue).
    report(h, 'a');
    report(h, 'b');
    report(h, 'c');
    h.setNow(T0 + 10 * HOUR);
    move(h, 'a', 'approved', 'assigned', 'in_progress', 'resolved');
    h.setNow(T0 + 30 * HOUR);
    move(h, 'b', 'approved', 'assigned', 'in_progress', 'resolved');
    h.apply('report.rated', { reportId: 'a', satisfied: true, score: 5 });
    h.apply('report.rated', { reportId: 'b', satisfied: false, score: 2 });
    h.tick(T0 + 30 * HOUR);
    const summary = h.out.get('reports.summary');
    expect(summary.onTimeRate).toBe(0.5);
    expect(summary.satisfactionRate).toBe(0.5);
    expect(summary.overdue).toBe(1);
    expect(summary.open).toBe(1);
    expect(summary.averageHandlingHours).toBe(20);
    expect(h.out.get('reports.recent').find((item) => item.id === 'c')!.overdue).toBe(true);
    expect(summary.byWard.find((ward) => ward.ward === '05974')).toMatchObject({ received: 3, open: 1, overdue: 1, onTimeRate: 0.5 });
    expect(summary.byCategory).toEqual([{ category: 'waste', name: { vi: 'Rác thải, vệ sinh môi trường', en: 'Waste and sanitation' }, count: 3, open: 1, overdue: 1, onTimeRate: 0.5 }]);
    expect(summary.byDepartment).toEqual([{ department: 'Công ty Môi trường đô thị', name: { vi: 'Công ty Môi trường đô thị', en: 'Urban Environment Company' }, received: 3, open: 1, overdue: 1, onTimeRate: 0.5 }]);
  });

  it('flags due-soon reports and counts late-with-extension apart from on time', () => {
    const h = domainHarness(reportsDomain, T0);
    report(h, 'soon'); // waste: SLA 24 h
    report(h, 'ext');
    h.tick(T0 + 20 * HOUR); // 4 h left of 24: the last fifth
    expect(h.out.get('reports.recent').find((item) => item.id === 'soon')).toMatchObject({ dueSoon: true, overdue: false });
    expect(h.out.get('reports.summary').dueSoon).toBe(2);

    h.apply('report.extended', { reportId: 'ext', newDueAt: T0 + 48 * HOUR, note: 'Chờ vật tư' });
    h.setNow(T0 + 30 * HOUR);
    move(h, 'ext', 'approved', 'assigned', 'in_progress', 'resolved'); // late by the SLA, within the extension
    h.tick(T0 + 30 * HOUR);
    const summary = h.out.get('reports.summary');
    expect(summary).toMatchObject({ onTimeRate: 0, lateWithExtension: 1, overdue: 1 });
    expect(h.out.get('reports.recent').find((item) => item.id === 'ext')).toMatchObject({ extendedDueAt: T0 + 48 * HOUR, overdue: false });
  });

  it('counts "today" by the day in Hà Nội, not in UTC', () => {
    const h = domainHarness(reportsDomain, T0);
    const beforeMidnight = Date.UTC(2026, 10, 28, 16, 59, 59); // 23:59:59 on the 28th in Hà Nội
    const afterMidnight = Date.UTC(2026, 10, 28, 17, 0, 0); // 00:00:00 on the 29th
    h.setNow(beforeMidnight);
    report(h, 'late-evening');
    h.setNow(afterMidnight);
    report(h, 'after-midnight');
    h.tick(afterMidnight + 1000);
    expect(h.out.get('reports.summary').receivedToday).toBe(1);
    const days = h.out.get('reports.daily').days;
    expect(days.slice(-2)).toEqual([
      { date: '2026-11-28', received: 1, resolved: 0 },
      { date: '2026-11-29', received: 1, resolved: 0 },
    ]);
  });

  it('gives the public aggregates only: no text, no coordinates, small cells and sensitive categories hidden', () => {
    const h = domainHarness(reportsDomain, T0);
    for (let i = 0; i < 6; i++) report(h, `t${i}`, TAM_THANH, 'waste', { reporter: { name: 'Nguyễn Văn A', phone: '0912345678' } });
    for (let i = 0; i < 3; i++) report(h, `d${i}`, DONG_KINH);
    report(h, 's1', TAM_THANH, 'security');
    h.tick(T0 + 1000);
    const publicSummary = h.out.get('reports.public-summary');
    const json = JSON.stringify(publicSummary);
    for (const secret of ['Phản ánh', 'Mô tả', 'Nguyễn', '0912345678', '21.855', '106.749']) expect(json).not.toContain(secret);
    expect(publicSummary.byWard.find((ward) => ward.ward === '05974')!.received).toBe(6); // the security report is not counted
    expect(publicSummary.byWard.find((ward) => ward.ward === '05980')!.received).toBeNull(); // 3 < 5
    expect(publicSummary.receivedToday).toBe(9);
    // The internal topics never carry the reporter either.
    expect(JSON.stringify(h.out.get('reports.recent'))).not.toContain('0912345678');
  });
});
