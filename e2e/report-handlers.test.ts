/**
 * Report handling by real department handlers in Chromium against a real server: people whose
 * role is `handler` scoped to one department (given with the CLI, as an admin gives them). The
 * operator dispatches a report to a department through the dispatch board; that department's
 * handler sees it in `/entry/hop-thu`, accepts and responds through the page; a handler of another
 * department does not see it and is refused with 403 naming the unit when calling accept or
 * respond over HTTP; a transfer to another department puts the report in that department's inbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signInContext, startServer, type ServerProcess } from './harness';

const URBAN = 'phong-kinh-te';
const URBAN_VI = 'Phòng Kinh tế, Hạ tầng và Đô thị';
const ENVIRONMENT = 'moi-truong-do-thi';

let server: ServerProcess;
let browser: Browser;
let operator: BrowserContext;
let urban: BrowserContext;
let environment: BrowserContext;
const errors: string[] = [];

async function newReport(reportId: string, category: string, title: string): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
    body: JSON.stringify({
      domain: 'reports',
      kind: 'report.created',
      data: { reportId, category, title, description: 'Phản ánh để kiểm thử.', lat: 21.8532, lon: 106.7615 },
    }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${path} pageerror: ${error.message}`));
  await page.goto(`${server.url}${path}`);
  return page;
}

/** A request as this signed-in person, with their CSRF token. */
async function call(context: BrowserContext, method: string, path: string, body?: unknown) {
  const cookies = await context.cookies(server.url);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const me = (await (await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string;
  };
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: false }), launchBrowser()]);
  [operator, urban, environment] = await Promise.all([
    browser.newContext(),
    browser.newContext(),
    browser.newContext(),
  ]);
  await signInContext(server, operator, 'operator');
  await signInContext(server, urban, 'entry', `handler:${URBAN}`);
  await signInContext(server, environment, 'entry', `handler:${ENVIRONMENT}`);
  await newReport('e2e-h-vua-he', 'encroachment', 'Lấn chiếm vỉa hè phố Bắc Sơn');
  await newReport('e2e-h-cay-do', 'road-damage', 'Cây đổ chắn đường Lê Đại Hành');
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('report handling by department handlers in the browser', () => {
  it("the operator dispatches to a department; its handler accepts and responds; another department's handler neither sees it nor may act (403 naming the unit)", async () => {
    const board = await open(operator, '/entry/dieu-phoi');
    const card = board.locator('[data-report="e2e-h-vua-he"]');
    await card.waitFor();
    await card.locator('[data-department]').selectOption(URBAN);
    await card.locator('[data-assign]').click();
    await card.waitFor({ state: 'detached' });
    await board.close();

    // The other department's handler: the report is not in their inbox, and the server refuses them.
    const elsewhere = await open(environment, '/entry/hop-thu');
    await elsewhere.locator('[data-unit-picker], .rp-bar strong').first().waitFor();
    expect(await elsewhere.locator('.rp-bar strong').innerText()).toBe('Công ty Môi trường đô thị');
    await elsewhere.locator('[data-inbox], .rp-empty').first().waitFor();
    expect(await elsewhere.locator('[data-report="e2e-h-vua-he"]').count()).toBe(0);
    for (const [action, body] of [
      ['accept', {}],
      ['respond', { text: 'Không phải của chúng tôi' }],
    ] as const) {
      const refused = await call(environment, 'POST', `/api/v1/reports/e2e-h-vua-he/${action}`, body);
      expect(refused.status, action).toBe(403);
      expect(refused.body).toMatchObject({ field: 'unit', unit: URBAN, messageVi: expect.stringContaining(URBAN_VI) });
    }
    expect((await call(environment, 'GET', `/api/v1/reports/inbox/${URBAN}`)).status).toBe(403);
    await elsewhere.close();

    // The department's own handler works it through the page.
    const inbox = await open(urban, '/entry/hop-thu');
    expect(await inbox.locator('[data-unit-picker]').count()).toBe(0);
    const item = inbox.locator('[data-report="e2e-h-vua-he"]');
    await item.waitFor();
    expect(await item.getAttribute('data-status')).toBe('assigned');
    await item.locator('[data-accept]').click();
    await inbox.waitForSelector('[data-report="e2e-h-vua-he"][data-status="in_progress"]');
    await item.locator('[data-respond]').click();
    await item.locator('[data-response-text]').fill('Đã nhắc nhở hộ kinh doanh, vỉa hè đã thông thoáng.');
    await item.locator('[data-send-response]').click();
    await inbox.waitForSelector('[data-report="e2e-h-vua-he"][data-status="resolved"]');
    await item.locator('[data-timeline-toggle] summary').click();
    await inbox.waitForFunction(
      () => document.querySelectorAll('[data-report="e2e-h-vua-he"] [data-timeline] li').length === 4,
    );
    const steps = await item
      .locator('[data-timeline] li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-step')));
    expect(steps).toEqual(['report.created', 'report.assigned', 'report.accepted', 'report.responded']);
    await inbox.close();

    // After the fact the other department is still refused (the report stays with its department).
    const late = await call(environment, 'POST', '/api/v1/reports/e2e-h-vua-he/respond', { text: 'muộn' });
    expect(late).toMatchObject({ status: 403, body: { unit: URBAN } });
    expect(errors).toEqual([]);
  });

  it("a transfer to another department shows up in that department's inbox, and leaves the first one", async () => {
    const assigned = await call(operator, 'POST', '/api/v1/reports/e2e-h-cay-do/assign', { department: URBAN });
    expect(assigned.status).toBe(200);
    const inbox = await open(urban, '/entry/hop-thu');
    const item = inbox.locator('[data-report="e2e-h-cay-do"]');
    await item.waitFor();
    await item.locator('[data-transfer]').click();
    await item.locator('[data-transfer-to]').selectOption(ENVIRONMENT);
    await item.locator('[data-transfer-reason]').fill('Cây đổ: việc của Công ty Môi trường đô thị.');
    await item.locator('[data-send-transfer]').click();
    await item.waitFor({ state: 'detached' });
    await inbox.close();

    const other = await open(environment, '/entry/hop-thu');
    const moved = other.locator('[data-report="e2e-h-cay-do"]');
    await moved.waitFor();
    // Handed over, not accepted: the receiving department accepts it itself.
    expect(await moved.getAttribute('data-status')).toBe('assigned');
    await moved.locator('[data-accept]').click();
    await other.waitForSelector('[data-report="e2e-h-cay-do"][data-status="in_progress"]');
    await other.close();
    // The first department may no longer act on it.
    const refused = await call(urban, 'POST', '/api/v1/reports/e2e-h-cay-do/respond', { text: 'đã xử lý' });
    expect(refused).toMatchObject({ status: 403, body: { unit: ENVIRONMENT } });
    expect(errors).toEqual([]);
  });
});
