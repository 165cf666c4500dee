import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config';
import { startTestApp } from '../test-support/test-app';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const SHIPPED = readFileSync(new URL('../../config/app.yaml', import.meta.url), 'utf8');

/** The shipped config folder with `app.yaml` cut just before the first line that starts with `marker`. */
function cutBefore(marker: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-truncated-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(new URL('../../config/', import.meta.url), dir, { recursive: true });
  const at = SHIPPED.indexOf(`\n${marker}`);
  expect(at).toBeGreaterThan(0);
  writeFileSync(path.join(dir, 'app.yaml'), SHIPPED.slice(0, at + 1));
  return dir;
}

async function refusal(dir: string): Promise<ConfigError> {
  const error = await loadConfig(dir).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('a truncated app.yaml', () => {
  it('is refused, naming the file and the missing section, when cut before a section', async () => {
    const error = await refusal(cutBefore('display:'));
    expect(error.problems).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/app\.yaml$/),
        path: '/display',
        reason: expect.stringContaining('truncated'),
      }),
    ]);
    expect(error.message).toContain('app.yaml at /display');
  });

  it('is refused when cut inside the display section, before the screens’ profiles (the LED night schedule)', async () => {
    const error = await refusal(cutBefore('  profiles:'));
    expect(error.problems[0]).toMatchObject({ path: '/display/profiles' });
  });

  it('is refused when cut in the middle of a line', async () => {
    const dir = cutBefore('display:');
    writeFileSync(path.join(dir, 'app.yaml'), SHIPPED.slice(0, SHIPPED.indexOf('mode: night') + 8));
    const error = await refusal(dir);
    expect(error.problems[0]!.file).toMatch(/app\.yaml$/);
  });

  it('leaves a running server on its last good configuration when reloaded', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-truncated-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(new URL('../../config/', import.meta.url), dir, { recursive: true });
    const app = await startTestApp({ config: await loadConfig(dir) });
    cleanup.push(() => app.dispose());
    const ledSchedule = app.ioc.config().app.display.profiles.led?.schedule;
    expect(ledSchedule?.length).toBeGreaterThan(0);
    writeFileSync(path.join(dir, 'app.yaml'), SHIPPED.slice(0, SHIPPED.indexOf('\ndisplay:') + 1));
    expect(await app.ioc.reloadConfig()).toBeInstanceOf(ConfigError);
    expect(app.ioc.config().app.display.profiles.led?.schedule).toEqual(ledSchedule);
  });
});
