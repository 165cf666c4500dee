import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Type from 'typebox';
import { ConfigError, loadConfig, type WidgetCheck } from './load-config';
import type { TopicName } from '../protocol/topics';

const tileOptions = Type.Object({
  topic: Type.String({ default: 'kpi.values' }),
  digits: Type.Integer({ minimum: 0, maximum: 3, default: 1 }),
});
const widgetSchemas = new Map([
  ['kpi-tile', { options: tileOptions, topics: (options: { topic: string }) => [options.topic as TopicName] }],
]) as Map<string, WidgetCheck>;

const dirs: string[] = [];
function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-config-'));
  dirs.push(dir);
  cpSync(new URL('../../config/app.yaml', import.meta.url), path.join(dir, 'app.yaml'));
  cpSync(new URL('../../config/units.yaml', import.meta.url), path.join(dir, 'units.yaml'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const dashboard = (extra = '') => `version: 1
id: ops
title: { vi: Điều hành, en: Operations }
grid: { columns: 4, rows: 2 }
widgets:
  - id: tile
    type: kpi-tile
    area: { column: 1, row: 1, columns: 2, rows: 1 }
${extra}`;
const screen = (dashboardId = 'ops', audience = 'internal') => `version: 1
id: wall
name: { vi: Tường, en: Wall }
profile: wall
resolution: [1920, 1080]
audience: ${audience}
dashboard: ${dashboardId}
`;

async function problemsOf(dir: string) {
  try {
    await loadConfig(dir, widgetSchemas);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the config to be refused');
}

describe('loadConfig', () => {
  it('loads the shipped config of Lạng Sơn', async () => {
    const config = await loadConfig();
    expect(config.app.city.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(config.screens.get('main')?.dashboard).toBe('main');
    expect(config.dashboards.has('main')).toBe(true);
  });

  it('fills in defaults and widget option defaults', async () => {
    const config = await loadConfig(
      configDir({ 'dashboards/ops.yaml': dashboard(), 'screens/wall.yaml': screen() }),
      widgetSchemas,
    );
    expect(config.dashboards.get('ops')!.widgets[0]!.options).toEqual({ topic: 'kpi.values', digits: 1 });
    expect(config.dashboards.get('ops')!.audience).toBe('internal');
  });

  it('names file, path and reason for a schema error', async () => {
    const problems = await problemsOf(
      configDir({
        'dashboards/ops.yaml': dashboard().replace('columns: 4', 'columns: "four"'),
        'screens/wall.yaml': screen(),
      }),
    );
    expect(problems[0]).toMatchObject({ file: expect.stringContaining('dashboards/ops.yaml'), path: '/grid/columns' });
  });

  it('names the line of a YAML syntax error', async () => {
    const problems = await problemsOf(
      configDir({ 'dashboards/ops.yaml': 'version: 1\nid: [ops\n', 'screens/wall.yaml': screen() }),
    );
    expect(problems[0]!.file).toContain('dashboards/ops.yaml');
    expect(problems[0]!.path).toMatch(/^line \d+/);
  });

  it('checks references: unknown widget type, bad options, area outside the grid, unknown dashboard', async () => {
    const bad = dashboard(`  - id: ghost
    type: hologram
    area: { column: 1, row: 2 }
  - id: wide
    type: kpi-tile
    area: { column: 3, row: 1, columns: 3, rows: 1 }
  - id: digits
    type: kpi-tile
    area: { column: 1, row: 2 }
    options: { digits: 9 }
`);
    const problems = await problemsOf(configDir({ 'dashboards/ops.yaml': bad, 'screens/wall.yaml': screen('nope') }));
    const paths = problems.map((p) => `${p.path}: ${p.reason}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/widgets\/1\/type: unknown widget type "hologram"/),
        expect.stringMatching(/^\/widgets\/2\/area: widget "wide" goes past the 4×2 grid/),
        expect.stringMatching(/^\/widgets\/3\/options\/digits: /),
        expect.stringMatching(/^\/dashboard: no dashboard "nope"/),
      ]),
    );
  });

  it('refuses a short title without a title, or no shorter than it', async () => {
    const bad = dashboard(`  - id: lonely
    type: kpi-tile
    shortTitle: { vi: Thu NS, en: Revenue }
    area: { column: 3, row: 1 }
  - id: longer
    type: kpi-tile
    title: { vi: Thu ngân sách, en: Revenue }
    shortTitle: { vi: Thu NS, en: Budget revenue }
    area: { column: 4, row: 1 }
`);
    const problems = await problemsOf(configDir({ 'dashboards/ops.yaml': bad, 'screens/wall.yaml': screen() }));
    expect(problems.map((p) => p.path)).toEqual([
      '/widgets/1/shortTitle/vi',
      '/widgets/1/shortTitle/en',
      '/widgets/2/shortTitle/en',
    ]);
    expect(problems[0]!.reason).toContain('tiêu đề ngắn');
  });

  it('refuses a public screen that points at an internal dashboard', async () => {
    const problems = await problemsOf(
      configDir({ 'dashboards/ops.yaml': dashboard(), 'screens/wall.yaml': screen('ops', 'public') }),
    );
    expect(problems[0]!.reason).toContain('public screen cannot show the internal dashboard');
  });

  it('refuses a topic no domain publishes, and an internal topic on a public dashboard', async () => {
    const unknown = dashboard().replace(
      'area: { column: 1, row: 1, columns: 2, rows: 1 }',
      'area: { column: 1, row: 1, columns: 2, rows: 1 }\n    options: { topic: weather.now }',
    );
    const problems = await problemsOf(configDir({ 'dashboards/ops.yaml': unknown, 'screens/wall.yaml': screen() }));
    expect(problems.map((p) => `${p.path}: ${p.reason}`)).toContain(
      '/widgets/0/options: widget "tile" reads the topic "weather.now", which no domain publishes',
    );

    const leaky = dashboard()
      .replace('title:', 'audience: public\ntitle:')
      .replace(
        'area: { column: 1, row: 1, columns: 2, rows: 1 }',
        'area: { column: 1, row: 1, columns: 2, rows: 1 }\n    options: { topic: reports.recent }',
      );
    const refused = await problemsOf(
      configDir({ 'dashboards/ops.yaml': leaky, 'screens/wall.yaml': screen('ops', 'public') }),
    );
    expect(refused.map((p) => p.reason)).toContain(
      'the public dashboard "ops" cannot show the internal topic "reports.recent"',
    );
  });

  it('refuses at start a dashboard with a misspelt field, naming the file, the widget and the field', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-config-'));
    dirs.push(dir);
    cpSync(new URL('../../config/', import.meta.url), dir, { recursive: true });
    const file = path.join(dir, 'dashboards', 'main.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('field: onTimeRate,', 'field: onTimeRat,'));
    const error = await loadConfig(dir).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        file: expect.stringContaining('dashboards/main.yaml'),
        path: '/widgets/2/options/field',
        widget: 'reports-on-time',
        field: 'reports.summary → onTimeRat',
        reason: expect.stringMatching(/không có trường "onTimeRat".* \/ .*has no field "onTimeRat"/),
      },
    ]);
    expect((error as ConfigError).message).toContain(
      'dashboards/main.yaml at /widgets/2/options/field: widget "reports-on-time"',
    );
  });
});
