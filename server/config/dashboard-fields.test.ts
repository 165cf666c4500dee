/**
 * The check of dashboards' fields against the topics' payload schemas: a field that does not exist
 * or holds another shape is named with its widget and its option; every shipped dashboard passes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../config/schema/dashboard';
import { widgetTypes } from '../../widgets/registry';
import { checkDashboardFields } from './dashboard-fields';
import { topicPayloads } from './load-config';

const payloads = topicPayloads();
const DASHBOARDS = fileURLToPath(new URL('../../config/dashboards/', import.meta.url));

function board(...widgets: Array<{ id: string; type: string; options: Record<string, unknown> }>): Dashboard {
  return {
    version: 1,
    id: 'ops',
    title: { vi: 'Điều hành', en: 'Operations' },
    audience: 'internal',
    grid: { columns: 24, rows: 12 },
    widgets: widgets.map((widget) => ({ ...widget, area: { column: 1, row: 1, columns: 1, rows: 1 } })),
  } as Dashboard;
}

const check = (...widgets: Parameters<typeof board>) =>
  checkDashboardFields(board(...widgets), 'dashboards/ops.yaml', payloads, widgetTypes);

describe('checkDashboardFields', () => {
  it('refuses a misspelt field, naming the file, the widget, the field and the fields there are', () => {
    const [problem, ...rest] = check({
      id: 'on-time',
      type: 'kpi-tile',
      options: { topic: 'reports.summary', field: 'onTimeRat' },
    });
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      file: 'dashboards/ops.yaml',
      widget: 'on-time',
      field: 'reports.summary → onTimeRat',
      path: '/widgets/0/options/field',
    });
    expect(problem!.message).toContain('has no field "onTimeRat"');
    expect(problem!.message).toContain('onTimeRate');
    expect(problem!.messageVi).toContain('không có trường "onTimeRat"');
  });

  it('walks nested objects, `X | null` and records; a field inside a list or a number is refused', () => {
    expect(
      check(
        { id: 'month', type: 'kpi-tile', options: { topic: 'traffic.summary', field: 'monthToDate.crashes' } },
        { id: 'rate', type: 'kpi-tile', options: { topic: 'reports.summary', field: 'onTimeRate' } },
        { id: 'new', type: 'kpi-tile', options: { topic: 'reports.summary', field: 'byStatus.new' } },
        { id: 'kpi', type: 'kpi-tile', options: { topic: 'kpi.values', code: 'grdp-growth' } },
      ),
    ).toEqual([]);
    const [inList, inNumber] = check(
      { id: 'rows', type: 'kpi-tile', options: { topic: 'reports.summary', field: 'byWard.open' } },
      { id: 'deep', type: 'kpi-tile', options: { topic: 'reports.summary', field: 'open.today' } },
    );
    expect(inList).toMatchObject({ widget: 'rows', message: expect.stringContaining('is a list') });
    expect(inNumber).toMatchObject({ widget: 'deep', message: expect.stringContaining('has no field "today"') });
  });

  it('refuses a field of the wrong shape for its widget, on every option that names one', () => {
    const problems = check(
      { id: 'tile', type: 'kpi-tile', options: { topic: 'admin.summary', field: 'byAgency' } },
      { id: 'rank', type: 'ranking', options: { topic: 'admin.summary', field: 'daily' } },
      { id: 'chart', type: 'chart', options: { data: 'series', topic: 'admin.summary', field: 'byWard' } },
      { id: 'list', type: 'table', options: { data: 'list', topic: 'education.schools' } },
      {
        id: 'map',
        type: 'map',
        options: { points: ['social.posts'], choroplethOf: { topic: 'admin.summary', field: 'onTimeRateMonth' } },
      },
    );
    expect(problems.map((p) => `${p.widget} ${p.path}: ${p.message}`)).toEqual([
      'tile /widgets/0/options/field: widget "tile": admin.summary → byAgency is not a number',
      'rank /widgets/1/options/field: widget "rank": admin.summary → daily is not a Breakdown',
      'chart /widgets/2/options/field: widget "chart": admin.summary → byWard is not a Series',
      'list /widgets/3/options/topic: widget "list": education.schools is not a list (ListItem[])',
      'map /widgets/4/options/points/0: widget "map": social.posts is not a list of places (MapPoint[])',
      'map /widgets/4/options/choroplethOf/field: widget "map": admin.summary → onTimeRateMonth is not a Breakdown',
    ]);
    expect(problems[0]!.messageVi).toBe('widget "tile": admin.summary → byAgency không phải một số');
  });

  it("leaves unknown topics, unknown widget types and bad options to the loader's other checks", () => {
    expect(
      check(
        { id: 'a', type: 'kpi-tile', options: { topic: 'weather.now', field: 'x' } },
        { id: 'b', type: 'hologram', options: { field: 'x' } },
        { id: 'c', type: 'ranking', options: { field: 'byWard' } },
      ),
    ).toEqual([]);
  });

  const shipped = readdirSync(DASHBOARDS).filter((file) => file.endsWith('.yaml'));
  it.each(shipped)('the shipped dashboard %s names only fields its topics have, of the right shapes', (file) => {
    const dashboard = parse(readFileSync(path.join(DASHBOARDS, file), 'utf8')) as Dashboard;
    expect(checkDashboardFields(dashboard, file, payloads, widgetTypes)).toEqual([]);
  });
});
