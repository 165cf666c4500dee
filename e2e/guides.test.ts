/**
 * The guides' screenshots come from here, so the pictures never drift from the product: real
 * Chromium against a real server opens each role's pages as that role (accounts made with the CLI,
 * a report dispatched to a department, a ward's month submitted) and writes each picture to
 * `docs/guides/img/`, where the guide pages and PDFs read them. Then it checks that each guide page
 * renders with no picture missing, and that the "?" of every screen lands on a guide section that
 * exists. Run it after a UI change and commit the pictures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, ROOT, sessionHeaders, signInContext, startServer, type ServerProcess } from './harness';
import { steadyLayout } from './layout';
import { GUIDES, guideImages } from '../server/guides/guides';
import { HELP_LABEL } from '../server/guides/help-targets';

const IMAGES = path.join(ROOT, 'docs/guides/img');
const SHOTS = path.join(ROOT, 'docs/screenshots');
const TEMPLATE = 'phuong-xa-thang';
const WARD = '05986';
const DEPARTMENT = 'phong-kinh-te';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

let server: ServerProcess;
let browser: Browser;
const contexts: Record<string, BrowserContext> = {};
const errors: string[] = [];
const taken = new Set<string>();
let period = '';

function watch(page: Page, name: string): Page {
  page.setDefaultTimeout(120_000);
  page.on('pageerror', (error) => errors.push(`${name} pageerror: ${error.message}`));
  return page;
}

async function open(who: string, address: string): Promise<Page> {
  const page = watch(await contexts[who]!.newPage(), who);
  await page.goto(`${server.url}${address}`);
  return page;
}

/** A guide's picture: JPEG keeps a page of screenshots light on a phone and in the PDF. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: path.join(IMAGES, name), type: 'jpeg', quality: 72 });
  taken.add(name);
}

async function post(body: unknown): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function call(who: string, method: string, address: string, body?: unknown): Promise<number> {
  const headers = await sessionHeaders(server, contexts[who]!);
  const response = await fetch(`${server.url}${address}`, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status;
}

/** A dashboard with every widget live and the page holding still (the map, if it gets there). */
async function dashboard(page: Page): Promise<void> {
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-widget-id]')].every((el) => el.getAttribute('data-state') === 'live'),
    null,
    { timeout: 120_000 },
  );
  await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 }).catch(() => undefined);
  await steadyLayout(page, 60_000);
}

beforeAll(async () => {
  mkdirSync(IMAGES, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const people: Array<[string, typeof PHONE | typeof DESKTOP, string, string?]> = [
    ['operator', DESKTOP, 'operator'],
    ['admin', DESKTOP, 'admin'],
    ['leader', DESKTOP, 'leader'],
    ['approver', DESKTOP, 'leader', `approver:${WARD}`],
    ['ward', PHONE, 'entry', `entry:${WARD}`],
    ['department', PHONE, 'entry', `handler:${DEPARTMENT}`],
    ['department-figures', DESKTOP, 'entry', 'entry:phong-tai-chinh-ke-hoach'],
    ['citizen', PHONE, ''],
  ];
  for (const [who, device, role, scope] of people) {
    contexts[who] = await browser.newContext(device);
    if (role) await signInContext(server, contexts[who], role, scope);
  }
  await post({
    domain: 'reports',
    kind: 'report.created',
    data: {
      reportId: 'e2e-guide-vua-he',
      category: 'encroachment',
      title: 'Lấn chiếm vỉa hè phố Bắc Sơn',
      description: 'Hàng quán bày bán kín vỉa hè, người đi bộ phải xuống lòng đường.',
      lat: 21.8532,
      lon: 106.7615,
    },
  });
  await post({
    domain: 'reports',
    kind: 'report.created',
    data: {
      reportId: 'e2e-guide-den',
      category: 'road-damage',
      title: 'Đèn đường hỏng ngõ 5 Lê Lợi',
      description: 'Ba cột đèn không sáng từ tuần trước.',
      lat: 21.8489,
      lon: 106.7588,
    },
  });
  expect(await call('operator', 'POST', '/api/v1/reports/e2e-guide-vua-he/assign', { department: DEPARTMENT })).toBe(
    200,
  );
  const tasks = (await (
    await fetch(`${server.url}/api/v1/entry/tasks`, { headers: await sessionHeaders(server, contexts.ward!) })
  ).json()) as { reports: Array<{ period: string; template: string }> };
  period = tasks.reports.find((report) => report.template === TEMPLATE)!.period;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('the guides’ screenshots, taken as each role', () => {
  it('the operator: the console, the dispatch board, the moderation queue', async () => {
    const console = await open('operator', '/console');
    await console.waitForSelector('[data-console-nav]');
    await console.waitForSelector('[data-console-reports]');
    await shoot(console, 'console-operator.jpg');
    await console.close();

    const board = await open('operator', '/entry/dieu-phoi');
    await board.locator('[data-report="e2e-guide-den"]').waitFor();
    await shoot(board, 'dieu-phoi.jpg');
    await board.close();

    const queue = await open('operator', '/entry/kiem-duyet');
    await queue.locator('[data-moderation-queue] [data-report]').first().waitFor();
    await shoot(queue, 'kiem-duyet.jpg');
    await queue.close();
  });

  it('the department officer: the inbox on a phone, the department’s figures', async () => {
    const inbox = await open('department', '/entry/hop-thu');
    await inbox.locator('[data-report="e2e-guide-vua-he"]').waitFor();
    await shoot(inbox, 'hop-thu-phone.jpg');
    await inbox.close();

    const figures = await open('department-figures', '/entry');
    await figures.locator('[data-task]').first().waitFor();
    await shoot(figures, 'entry-department.jpg');
    await figures.close();
  });

  it('the ward officer enters and submits the month on a phone; the approver opens it', async () => {
    const tasks = await open('ward', '/entry');
    await tasks.locator(`[data-task="${TEMPLATE}|${period}|${WARD}"]`).waitFor();
    await shoot(tasks, 'entry-tasks-phone.jpg');
    await tasks.click(`[data-task="${TEMPLATE}|${period}|${WARD}"]`);
    await tasks.waitForSelector('[data-report-form][data-state="missing"]');
    for (const [id, text] of Object.entries({
      'thu-ngan-sach-luy-ke': '281,4',
      'ho-so-tthc-tiep-nhan': '1.204',
      'ho-so-tthc-dung-han': '97,5',
      'ho-ngheo': '12',
    }))
      await tasks.fill(`[data-indicator="${id}"] input`, text);
    await shoot(tasks, 'entry-form-phone.jpg');
    await tasks.click('[data-submit]');
    await tasks.waitForSelector('[data-report-form][data-state="submitted"]');
    await tasks.close();

    const review = await open('approver', `/entry/bao-cao/${TEMPLATE}/${WARD}/${period}`);
    await review.waitForSelector('[data-report-form][data-state="submitted"]');
    await shoot(review, 'entry-form-approver.jpg');
    await review.close();
  });

  it('the leader: the overview, its export menu, the reports dashboard', async () => {
    const main = await open('leader', '/view/main');
    await dashboard(main);
    await shoot(main, 'view-main.jpg');
    await main.locator('[data-export-menu] summary').click();
    await main.locator('[data-export-pdf]').waitFor();
    await shoot(main, 'view-export.jpg');
    await main.close();

    const reports = await open('leader', '/view/reports');
    await dashboard(reports);
    await shoot(reports, 'view-reports.jpg');
    await reports.close();
  }, 360_000);

  it('the administrator: people and training in the console', async () => {
    const page = await open('admin', '/console');
    // The screen grid comes in above the panels once the console's socket is up, and the people
    // once their list is read: scrolled before either, the picture showed screens, not people.
    await page.locator('[data-screen-grid]').waitFor();
    await page.locator('[data-console-people] [data-person]').first().waitFor();
    for (const [section, name] of [
      ['people', 'console-people.jpg'],
      ['training', 'console-training.jpg'],
    ] as const) {
      await page.locator(`#${section}`).waitFor();
      await page.locator(`#${section}`).evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await shoot(page, name);
    }
    await page.close();
  });

  it('the citizen: the report form and the notices on a phone', async () => {
    const form = await open('citizen', '/phan-anh');
    await form.locator('[data-category]').first().waitFor();
    await shoot(form, 'phan-anh-phone.jpg');
    await form.close();
    const notices = await open('citizen', '/thong-bao');
    await shoot(notices, 'thong-bao-phone.jpg');
    await notices.close();
  });

  it('took every picture a guide shows', () => {
    expect(guideImages().filter((name) => !taken.has(name))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('the guide pages', () => {
  it('render for each role with every picture there, on a phone and on a wall', async () => {
    for (const guide of GUIDES) {
      const page = await open('citizen', `/huong-dan/${guide.role}`);
      expect(await page.locator('h1').innerText()).toContain(guide.title.vi);
      expect(await page.locator('[data-section]').count()).toBe(guide.sections.length);
      const sources = await page.$$eval('img', (images) => images.map((image) => (image as HTMLImageElement).src));
      for (const source of sources) {
        const response = await fetch(source);
        expect(response.status, source).toBe(200);
        expect(response.headers.get('content-type'), source).toMatch(/^image\//);
      }
      if (guide.role === 'ward-officer')
        await page.screenshot({ path: path.join(SHOTS, 'guide-ward-officer-phone.png') });
      await page.close();
    }
    const wall = watch(await browser.newPage({ viewport: { width: 1920, height: 1080 } }), 'wall');
    await wall.goto(`${server.url}/huong-dan/department-officer`);
    // Lazy images below the fold never load, so decode() on them never settles: wait for the first one only.
    await wall
      .locator('img')
      .first()
      .evaluate((image) => (image as HTMLImageElement).decode().catch(() => undefined));
    await wall.screenshot({ path: path.join(SHOTS, 'guide-department-officer-1920.png') });
    await wall.setViewportSize({ width: 3840, height: 2160 });
    await wall.screenshot({ path: path.join(SHOTS, 'guide-department-officer-3840.png') });
    await wall.goto(`${server.url}/huong-dan`);
    await wall.setViewportSize({ width: 1920, height: 1080 });
    await wall.screenshot({ path: path.join(SHOTS, 'guide-index-1920.png') });
    await wall.close();
    expect(errors).toEqual([]);
    // Seven pages and three wall-sized screenshots on a loaded two-core machine.
  }, 300_000);

  it('are where the "?" of every screen leads, to a section that exists', async () => {
    const screens: Array<[string, string, string]> = [
      ['operator', '/console', '/huong-dan/operator#bang-dieu-khien'],
      ['operator', '/entry/dieu-phoi', '/huong-dan/operator#dieu-phoi'],
      ['operator', '/entry/kiem-duyet', '/huong-dan/operator#kiem-duyet'],
      ['department', '/entry/hop-thu', '/huong-dan/department-officer#hop-thu'],
      ['ward', '/entry', '/huong-dan/ward-officer#nhap-so-lieu'],
      ['approver', '/entry', '/huong-dan/approver#phe-duyet'],
      ['leader', '/view/main', '/huong-dan/leader#xem-so-lieu'],
      ['citizen', '/phan-anh', '/huong-dan/citizen#gui-phan-anh'],
      ['citizen', '/thong-bao', '/huong-dan/citizen#thong-bao'],
    ];
    for (const [who, address, expected] of screens) {
      const page = await open(who, address);
      // The page's own "?" comes first; the console's panels have their own after it (checked below).
      const help = page.getByRole('link', { name: HELP_LABEL, exact: true }).first();
      await help.waitFor();
      // The approver's "?" follows the tasks it is given: wait until they are in.
      if (who === 'approver') await page.locator('[data-task]').first().waitFor();
      const href = await help.getAttribute('href');
      expect(href, address).toBe(expected);
      await page.goto(`${server.url}${href}`);
      const id = href!.split('#')[1]!;
      expect(await page.locator(`section[id="${id}"] h2`).count(), href!).toBe(1);
      await page.close();
    }
    // The administrator's console: a "?" on each of its own panels, beside the operator's one.
    const console_ = await open('admin', '/console');
    for (const [panel, expected] of [
      ['#people', '/huong-dan/admin#nguoi-dung'],
      ['#training', '/huong-dan/admin#tap-huan'],
      ['#keys', '/huong-dan/admin#khoa-nhat-ky'],
      ['#audit', '/huong-dan/admin#khoa-nhat-ky'],
      ['#promotion', '/huong-dan/operator#quang-ba'],
    ] as const) {
      const help = console_.locator(panel).getByRole('link', { name: HELP_LABEL, exact: true });
      await help.waitFor();
      expect(await help.getAttribute('href'), panel).toBe(expected);
    }
    await console_.goto(`${server.url}/huong-dan/admin#tap-huan`);
    expect(await console_.locator('section[id="tap-huan"] h2').count()).toBe(1);
    await console_.close();
    expect(errors).toEqual([]);
  }, 300_000);
});
