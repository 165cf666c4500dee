/**
 * Promotion against the real app and the shipped config: a ward's leaflet (its text read back with
 * pdfjs, its QR code decoded from the rendered page equal to the citizens' page), the promotion
 * notice published through the ingest to the public notices that the webhook outbox delivers, and
 * the LED slide saying the same as the leaflet with the configured hotline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { loadConfig, loadWidgetManifests } from '../../config/load-config';
import { decodeQr, pdfPagePng, pdfText } from '../../test-support/pdf';
import { PROMOTION_TITLE } from '../../promotion/promotion-text';
import { messageOf } from '../../outbox/notice-messages';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const T0 = Date.UTC(2026, 11, 4, 1, 30, 0);

let app: TestApp;

beforeAll(async () => {
  const config = await loadConfig(undefined, await loadWidgetManifests());
  config.app.security.anonymousReadsPerMinute = 100_000;
  config.app.security.loginAttemptsPerMinute = 1000;
  app = await startTestApp({ config, now: () => T0 });
}, 60_000);

afterAll(async () => {
  await app?.dispose();
});

describe('ward leaflet', () => {
  it('is an A5 PDF with the three steps, the hotline, and a QR code that reads as the citizens’ page', async () => {
    const response = await fetch(`${app.url}/api/v1/promotion/leaflet/05986.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await response.arrayBuffer());
    const read = await pdfText(bytes);
    expect(read.pages).toBe(1);
    // Lines wrap where the page is narrow: compare the words, not the line breaks.
    const text = read.text.replace(/\s+/g, ' ');
    for (const words of [
      'PHƯỜNG TAM THANH',
      PROMOTION_TITLE.vi,
      'Quét mã QR',
      'Chụp ảnh, chọn vị trí',
      'Bấm Gửi',
      'Đường dây nóng: 1022',
      'https://ioc.langson.gov.vn/phan-anh',
    ])
      expect(text).toContain(words);
    // A5 is 420 × 595 points.
    expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 419\.53 595\.28\]/);
    const png = pdfPagePng(bytes, 1, 150);
    expect(await decodeQr(png)).toBe('https://ioc.langson.gov.vn/phan-anh');
    mkdirSync(path.join(ROOT, 'docs/screenshots'), { recursive: true });
    writeFileSync(path.join(ROOT, 'docs/screenshots/promotion-leaflet-tam-thanh.png'), pdfPagePng(bytes, 1, 90));
  }, 60_000);

  it('refuses a code that is no ward today, naming the field', async () => {
    for (const code of ['99999', '05974']) {
      const response = await fetch(`${app.url}/api/v1/promotion/leaflet/${code}.pdf`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ field: 'file' });
    }
    expect((await fetch(`${app.url}/api/v1/promotion/leaflet/tam-thanh.pdf`)).status).toBe(400);
  });
});

describe('promotion notice (loudspeakers, Zalo groups)', () => {
  it('is published by an operator as a public notice for the ward, which the webhooks carry', async () => {
    const anonymous = await fetch(`${app.url}/api/v1/promotion/notice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ward: '05986' }),
    });
    expect(anonymous.status).toBe(401);
    const operator = await app.signIn('operator');
    const headers = { 'content-type': 'application/json', cookie: operator.cookie, 'x-csrf-token': operator.csrfToken };
    const wrong = await fetch(`${app.url}/api/v1/promotion/notice`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ward: '99999' }),
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ field: 'ward' });

    const response = await fetch(`${app.url}/api/v1/promotion/notice`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ward: '05986', days: 7 }),
    });
    expect(response.status).toBe(200);
    const { announcementId, text } = (await response.json()) as {
      announcementId: string;
      text: { vi: string; en: string };
    };
    expect(text.vi).toContain('Phường Tam Thanh');
    expect(text.vi).toContain('https://ioc.langson.gov.vn/phan-anh');
    expect(text.vi).toContain('Đường dây nóng: 1022');
    expect(text.vi.length).toBeLessThanOrEqual(500);

    const notice = app.ioc.hub.snapshot('announcements.notices').data.find((item) => item.id === announcementId);
    expect(notice).toMatchObject({
      wards: ['05986'],
      title: PROMOTION_TITLE,
      link: 'https://ioc.langson.gov.vn/phan-anh',
      validTo: T0 + 7 * 86_400_000,
    });
    // The outbox turns the stored event into the message the gateways receive.
    const stored = (await app.ioc.store.findFirst(
      'announcements',
      'announcement.published',
      'announcementId',
      announcementId,
    ))!;
    const message = messageOf(stored, () => null);
    expect(message?.type).toBe('notice.published');
    expect(message?.notice.text.vi).toBe(text.vi);
    expect(message?.notice.wards).toEqual(['05986']);
  });
});

describe('LED and website slide', () => {
  it('is in the public LED playlist and says the three steps with the configured hotline', () => {
    const slide = parse(readFileSync(path.join(ROOT, 'config/dashboards/led-768-phan-anh.yaml'), 'utf8')) as {
      audience: string;
      title: { vi: string };
      widgets: Array<{ type: string; options?: { text?: { vi: string; en: string } } }>;
    };
    const playlist = parse(readFileSync(path.join(ROOT, 'config/playlists/led-768.yaml'), 'utf8')) as {
      items: Array<{ dashboard: string }>;
    };
    expect(slide.audience).toBe('public');
    expect(slide.title.vi).toBe(PROMOTION_TITLE.vi);
    expect(playlist.items.map((item) => item.dashboard)).toContain('led-768-phan-anh');
    expect(slide.widgets.map((widget) => widget.type).sort()).toEqual(['qr-code', 'text']);
    const words = slide.widgets.find((widget) => widget.type === 'text')!.options!.text!;
    const hotline = app.ioc.config().app.citizen.hotline!;
    expect(words.vi).toContain(`Đường dây nóng: ${hotline}`);
    expect(words.en).toContain(`Hotline: ${hotline}`);
    for (const step of ['Quét mã QR', 'Chụp ảnh, chọn vị trí', 'Bấm Gửi']) expect(words.vi).toContain(step);
  });
});
