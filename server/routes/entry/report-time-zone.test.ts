/**
 * A unit's report carries the city's time zone from config, so that the form shows the times of
 * its history in the city's zone, whatever zone the browser is in and whatever city this is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testConfig, type TestApp } from '../../test-support/test-app';
import { loadConfig } from '../../config/load-config';

let t: TestApp;

beforeAll(async () => {
  const { reporting } = await loadConfig();
  const config = testConfig();
  // Another city's zone than Lạng Sơn's: what the view says must come from here.
  config.app.city.timeZone = 'Asia/Tokyo';
  t = await startTestApp({ config: { ...config, reporting }, now: () => Date.UTC(2026, 11, 3, 3) });
});
afterAll(async () => t?.dispose());

describe("a report's time zone", () => {
  it("is the city's from config", async () => {
    const admin = await t.signIn('admin');
    const response = await fetch(`${t.url}/api/v1/entry/reports/phuong-xa-thang/05986/2026-11`, {
      headers: { cookie: admin.cookie },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { timeZone: string }).timeZone).toBe('Asia/Tokyo');
  });
});
