/**
 * Today's wards reach the screens through the real server: the topics a wall subscribes to name
 * the four wards of Resolution 1672, figures a feed still sends with pre-2025 ward codes arrive
 * counted under today's wards, and the screen's header names the operating body from config.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { waitUntil } from '../test-support/wait-until';
import type { ReportSummary, ScreenSetup, SecuritySummary } from '../protocol/index';
import { localDay } from './admin-units';

const TODAY_WARDS = ['Phường Tam Thanh', 'Phường Lương Văn Tri', 'Phường Kỳ Lừa', 'Phường Đông Kinh'];
const OLD_NAMES = ['Hoàng Văn Thụ', 'Vĩnh Trại', 'Chi Lăng', 'Hoàng Đồng', 'Quảng Lạc', 'Mai Pha'];

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.dispose();
});

describe("today's wards on the wall", () => {
  it('names the four wards in the reports summary a wall subscribes to, and none of the old ones', async () => {
    const socket = await app.connect({ role: 'operator' });
    const ack = await app.subscribe(socket, { topic: 'reports.summary' });
    if (!ack.ok || ack.mode !== 'snapshot') throw new Error('expected a snapshot');
    const summary = ack.snapshot.data as ReportSummary;
    expect(summary.byWard.map((ward) => ward.name)).toEqual(TODAY_WARDS);
    for (const old of OLD_NAMES) expect(JSON.stringify(summary.byWard)).not.toContain(old);
    // The pre-2025 units stay available for leaders, apart.
    expect(summary.byWardHistorical.map((ward) => ward.name)).toContain('Phường Hoàng Văn Thụ');
  });

  it('counts figures sent with pre-2025 ward codes under today’s wards, live on the socket', async () => {
    const socket = await app.connect({ role: 'operator' });
    const ack = await app.subscribe(socket, { topic: 'security.summary' });
    if (!ack.ok || ack.mode !== 'snapshot') throw new Error('expected a snapshot');
    let latest = ack.snapshot.data as SecuritySummary;
    socket.on('topic:delta', (message) => {
      const delta = message.delta as { set?: SecuritySummary };
      if (message.topic === 'security.summary' && delta.set) latest = delta.set;
    });
    const day = localDay(Date.now(), 'Asia/Ho_Chi_Minh');
    // 05971 Phường Hoàng Văn Thụ and 05980 Phường Đông Kinh no longer exist: Kỳ Lừa and Đông Kinh today.
    const posted = await app.post({
      domain: 'security',
      kind: 'security.daily-stats',
      id: `old-codes-${day}`,
      data: {
        day,
        counts: [
          { kind: 'theft', ward: '05971', count: 3 },
          { kind: 'drugs', ward: '05980', count: 2 },
        ],
      },
    });
    expect(posted.status).toBe(200);
    const count = (code: string) => latest.byWard.rows.find((row) => row.key === code)?.value ?? 0;
    await waitUntil(
      () => count('06187') >= 3 && count('05977') >= 2,
      'the old codes counted under Kỳ Lừa and Đông Kinh',
    );
    expect(latest.byWard.rows.map((row) => row.key).sort()).toEqual(['05977', '05983', '05986', '06187']);
    expect(latest.byWard.rows.find((row) => row.key === '06187')!.label).toEqual({
      vi: 'Phường Kỳ Lừa',
      en: 'Ky Lua Ward',
    });
  });

  it("gives every screen the operating body of config/units.yaml for its header, not the former city's", async () => {
    const response = await fetch(`${app.url}/api/v1/screens/panel/setup`);
    expect(response.status).toBe(200);
    const setup = (await response.json()) as ScreenSetup;
    expect(setup.city.operatingBody).toEqual({
      vi: 'Trung tâm Thông tin chỉ đạo, điều hành UBND tỉnh Lạng Sơn',
      en: "Lạng Sơn Provincial People's Committee Operations Centre",
    });
    expect(JSON.stringify(setup.city)).not.toContain('UBND thành phố');
  });
});
