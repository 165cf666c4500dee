import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config';
import { startTestApp, type TestApp } from '../test-support/test-app';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('config reload', () => {
  it('keeps the last good config when a changed file is invalid, and takes a valid change', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-reload-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(new URL('../../config/', import.meta.url), dir, { recursive: true });
    const app: TestApp = await startTestApp({ config: await loadConfig(dir) });
    cleanup.push(() => app.dispose());
    const file = path.join(dir, 'dashboards', 'main.yaml');
    const original = readFileSync(file, 'utf8');

    writeFileSync(file, original.replace('grid: { columns: 24, rows: 12 }', 'grid: { columns: 24, rows: 2 }'));
    const error = await app.ioc.reloadConfig();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems[0]).toMatchObject({
      file: expect.stringContaining('dashboards/main.yaml'),
      reason: expect.stringContaining('goes past'),
    });
    expect(app.ioc.config().dashboards.get('main')!.grid.rows).toBe(12);

    writeFileSync(file, original.replace('Tổng quan điều hành đô thị', 'Tổng quan mới'));
    expect(await app.ioc.reloadConfig()).toBeNull();
    const { cookie } = await app.signIn('viewer');
    const setup = (await (await fetch(`${app.url}/api/v1/screens/main/setup`, { headers: { cookie } })).json()) as {
      dashboard: { title: { vi: string } };
    };
    expect(setup.dashboard.title.vi).toBe('Tổng quan mới');
  });

  it('refuses a reload whose dashboard names a misspelt field, keeping the last good config', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-reload-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(new URL('../../config/', import.meta.url), dir, { recursive: true });
    const app: TestApp = await startTestApp({ config: await loadConfig(dir) });
    cleanup.push(() => app.dispose());
    const file = path.join(dir, 'dashboards', 'main.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('field: receivedToday,', 'field: recievedToday,')
        .replace('Tổng quan điều hành đô thị', 'Tổng quan mới'),
    );

    const error = await app.ioc.reloadConfig();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([
      expect.objectContaining({
        file: expect.stringContaining('dashboards/main.yaml'),
        widget: 'reports-received',
        field: 'reports.summary → recievedToday',
      }),
    ]);
    const main = app.ioc.config().dashboards.get('main')!;
    expect(main.title.vi).toBe('Tổng quan điều hành đô thị');
    expect(main.widgets[0]!.options).toMatchObject({ field: 'receivedToday' });
  });
});
