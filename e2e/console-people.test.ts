/**
 * People in the console, in real Chromium against a real server: an administrator sees every
 * account with its role, its units by name and its status; gives a unit picked from today's
 * units and departments, takes one away, changes a role, disables and enables an account — each
 * through the admin API, each in the audit log under the administrator's name. A screenshot at
 * 1920×1080 goes to docs/screenshots/console-people.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { iocCli, launchBrowser, ROOT, sessionHeaders, signInContext, startServer, type ServerProcess } from './harness';

let server: ServerProcess;
let browser: Browser;
let admin: BrowserContext;
let adminName = '';
const errors: string[] = [];
const OFFICER = 'can-bo-tam-thanh';

/** Accounts as an administrator makes them with the CLI, with their units. */
function account(username: string, role: string, scopes: Array<[string, string]>): void {
  iocCli(server.dataDir, 'user', 'create', '--username', username, '--role', role);
  for (const [scopeRole, unit] of scopes) iocCli(server.dataDir, 'user', 'scope', 'add', username, scopeRole, unit);
}

/** The text of an element as one line (the chips lay their parts out in a row). */
const text = (locator: Locator) => locator.evaluate((element) => element.textContent!.replace(/\s+/g, ' ').trim());

async function accountOf(username: string): Promise<{ role: string; disabled: boolean; scopes: unknown[] }> {
  const response = await fetch(`${server.url}/api/v1/users`, { headers: await sessionHeaders(server, admin) });
  const { users } = (await response.json()) as {
    users: Array<{ username: string; role: string; disabled: boolean; scopes: unknown[] }>;
  };
  return users.find((user) => user.username === username)!;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: false }), launchBrowser()]);
  admin = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  adminName = (await signInContext(server, admin, 'admin')).username;
  account(OFFICER, 'entry', [
    ['entry', '05986'],
    ['approver', '05986'],
  ]);
  account('xu-ly-kinh-te', 'entry', [['handler', 'phong-kinh-te']]);
  account('lanh-dao-tinh', 'leader', [['approver', '20']]);
  account('dieu-hanh-ca-dem', 'operator', []);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('people in the console', () => {
  it('lists accounts with role, units by name and status; gives and takes a unit, changes the role, disables and enables — audited', async () => {
    const page: Page = await admin.newPage();
    page.on('pageerror', (error) => errors.push(`console pageerror: ${error.message}`));
    await page.goto(`${server.url}/console`);
    const row = page.locator(`[data-person="${OFFICER}"]`);
    await row.waitFor();
    expect(await text(row.locator('[data-scope="entry:05986"]'))).toContain('Phường Tam Thanh · nhập liệu');
    expect(await row.locator('[data-status]').innerText()).toBe('Đang hoạt động');
    expect(await text(page.locator('[data-person="xu-ly-kinh-te"] [data-scope]'))).toContain(
      'Phòng Kinh tế, Hạ tầng và Đô thị · xử lý phản ánh',
    );
    // The picker offers today's units and the departments, not the units that ended in 2025.
    const offered = await row
      .locator('[data-scope-unit] option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(offered).toEqual(expect.arrayContaining(['05986', '05983', '06184', 'phong-kinh-te']));
    expect(offered).not.toContain('05971');

    // Give a department to handle.
    await row.locator('[data-scope-role]').selectOption('handler');
    await row.locator('[data-scope-unit]').selectOption('moi-truong-do-thi');
    await row.locator('[data-add-scope-button]').click();
    await row.locator('[data-scope="handler:moi-truong-do-thi"]').waitFor();
    // Take the approval away.
    await row.locator('[data-scope="approver:05986"] [data-remove-scope]').click();
    await row.locator('[data-scope="approver:05986"]').waitFor({ state: 'detached' });
    expect((await accountOf(OFFICER)).scopes).toEqual([
      { role: 'entry', unit: '05986' },
      { role: 'handler', unit: 'moi-truong-do-thi' },
    ]);
    // Another role.
    await row.locator('[data-role]').selectOption('leader');
    await expect.poll(async () => (await accountOf(OFFICER)).role).toBe('leader');

    await page.locator('#people').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/console-people.png') });

    // Disabled, then enabled again.
    await row.locator('[data-toggle-disabled]').click();
    await page.waitForSelector(`[data-person="${OFFICER}"][data-disabled="true"]`);
    expect(await row.locator('[data-status]').innerText()).toBe('Đã khóa');
    expect(await row.locator('[data-add-scope]').count()).toBe(0);
    expect((await accountOf(OFFICER)).disabled).toBe(true);
    await row.locator('[data-toggle-disabled]').click();
    await page.waitForSelector(`[data-person="${OFFICER}"][data-disabled="false"]`);
    expect((await accountOf(OFFICER)).disabled).toBe(false);

    const audit = iocCli(server.dataDir, 'audit');
    for (const action of ['user.scope-add', 'user.scope-remove', 'user.role', 'user.disable', 'user.enable']) {
      expect(audit).toMatch(new RegExp(`user:${adminName}\\s.*${action.replace('.', '\\.')}\\s+${OFFICER}`));
    }
    await page.close();
    expect(errors).toEqual([]);
  });
});
