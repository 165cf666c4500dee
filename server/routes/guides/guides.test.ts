/**
 * The guides over HTTP against the real app: the pages and their screenshots for anybody, and a
 * role's printable PDF read back as text (pdfjs), A4, diacritics and every step's title in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { pdfPagePng, pdfText } from '../../test-support/pdf';
import { GUIDES, guideImages } from '../../guides/guides';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 60_000);

afterAll(async () => {
  await app?.dispose();
});

describe('guide pages', () => {
  it('lists every guide at /huong-dan and serves each at /huong-dan/<role>, to anybody', async () => {
    const index = await fetch(`${app.url}/huong-dan`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    const html = await index.text();
    for (const guide of GUIDES) expect(html).toContain(guide.title.vi);

    const page = await fetch(`${app.url}/huong-dan/ward-officer`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('<section id="nhap-so-lieu"');
    expect(text).toContain('Nộp báo cáo');
    expect(text).toContain('href="/api/v1/guides/ward-officer.pdf"');
  });

  it('answers 404 naming the role, in Vietnamese and English, for a guide that does not exist', async () => {
    const response = await fetch(`${app.url}/huong-dan/khach`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      field: 'role',
      message: expect.stringContaining('no guide for khach'),
      messageVi: expect.stringContaining('không có hướng dẫn cho khach'),
    });
  });

  it('serves the screenshots the guides show, and nothing else of that folder', async () => {
    const name = guideImages()[0]!;
    const image = await fetch(`${app.url}/huong-dan/anh/${name}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\/(jpeg|png)/);
    expect((await fetch(`${app.url}/huong-dan/anh/..%2F..%2Fpackage.json`)).status).toBe(404);
  });
});

describe('guide PDFs', () => {
  it('are A4 with their text as text: Vietnamese diacritics and every step title of the role', async () => {
    for (const guide of GUIDES) {
      const response = await fetch(`${app.url}/api/v1/guides/${guide.role}.pdf`);
      expect(response.status, guide.role).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toContain(`huong-dan-${guide.role}.pdf`);
      const bytes = Buffer.from(await response.arrayBuffer());
      // A4 is 595.28 × 841.89 points.
      expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
      const read = await pdfText(bytes);
      // Lines wrap where the page is narrow: compare the words, not the line breaks.
      const text = read.text.replace(/\s+/g, ' ');
      expect(text).toContain('HƯỚNG DẪN SỬ DỤNG');
      expect(text).toContain(guide.title.vi);
      for (const section of guide.sections) {
        expect(text, guide.role).toContain(section.title.vi);
        for (const step of section.steps) expect(text, guide.role).toContain(step.title.vi);
      }
    }
  }, 120_000);

  it('embed the screenshots (a guide with pictures is pages long and holds images)', async () => {
    const bytes = Buffer.from(await (await fetch(`${app.url}/api/v1/guides/operator.pdf`)).arrayBuffer());
    expect(bytes.toString('latin1')).toMatch(/\/Subtype \/Image/);
    const read = await pdfText(bytes);
    expect(read.pages).toBeGreaterThan(1);
    expect(read.text).toContain('Điều phối phản ánh');
    mkdirSync(path.join(ROOT, 'docs/screenshots'), { recursive: true });
    writeFileSync(path.join(ROOT, 'docs/screenshots/guide-pdf-operator.png'), pdfPagePng(bytes, 1, 60));
  }, 60_000);

  it('answers 404 naming the file for a role without a guide, and 400 for a name that is no PDF', async () => {
    const missing = await fetch(`${app.url}/api/v1/guides/khach.pdf`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ field: 'file', messageVi: expect.stringContaining('khach') });
    expect((await fetch(`${app.url}/api/v1/guides/operator.txt`)).status).toBe(400);
  });
});
