/**
 * Takes a screenshot of a screen in headless Chromium, as a wall PC would show it:
 *   npx tsx scripts/screenshot.ts http://localhost:8080/wall/main docs/wall.png 1920 1080
 */
import { launchBrowser } from '../e2e/harness';

const [url = 'http://localhost:8080/wall/main', out = 'wall.png', width = '1920', height = '1080'] =
  process.argv.slice(2);

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  page.on('console', (message) => {
    if (message.type() === 'error') console.error('console:', message.text());
  });
  await page.goto(url);
  await page.waitForSelector('[data-widget-id]');
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('[data-widget-id]')].every((el) => el.getAttribute('data-state') !== 'waiting'),
      null,
      { timeout: 20_000 },
    )
    .catch(() => console.error('some widgets are still waiting for data'));
  if (await page.$('[data-widget-type="map"]')) {
    await page
      .waitForSelector('[data-map-ready="true"]', { timeout: 30_000 })
      .catch(() => console.error('the map did not report ready'));
  }
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
