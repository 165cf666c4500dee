/**
 * Checks a dashboard file against what the domains really publish, without the widget types it
 * may use (drafts for widgets still being built): the file's structure, the grid, bilingual titles,
 * and that every `topic` + `field` an option names exists, suits the dashboard's audience and
 * holds the shape the widget contract expects (a number, a Breakdown, a Series, a ListItem list).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Compile } from 'typebox/compile';
import { Dashboard } from '../../config/schema/dashboard';
import { isBreakdown, isListItems, isSeries, pickField } from '../../widgets/shapes';
import type { TopicData } from '../../widgets/widget';
import type { Domain } from '../domains/domain';

const CONFIG_DIR = fileURLToPath(new URL('../../config/', import.meta.url));

/** The file in `config/dashboards/`, or else in `config/dashboards-draft/` (drafts move once their widgets exist). */
export function dashboardPath(file: string): string {
  const placed = path.join(CONFIG_DIR, 'dashboards', file);
  return existsSync(placed) ? placed : path.join(CONFIG_DIR, 'dashboards-draft', file);
}

type Shape = 'number' | 'breakdown' | 'series' | 'list';

/** Which shape each widget option reads, by the widget contract. */
function readsOf(type: string, options: Record<string, unknown>): Array<{ topic: string; field?: string; shape: Shape }> {
  const reads: Array<{ topic: string; field?: string; shape: Shape }> = [];
  const topic = typeof options.topic === 'string' ? options.topic : undefined;
  const field = typeof options.field === 'string' ? options.field : undefined;
  if (type === 'kpi-tile' && topic && topic !== 'kpi.values') reads.push({ topic, field, shape: 'number' });
  if (type === 'ranking' && topic) reads.push({ topic, field, shape: 'breakdown' });
  if (type === 'chart' && topic && options.data === 'series') reads.push({ topic, field, shape: 'series' });
  if (type === 'chart' && topic && options.data === 'breakdown') reads.push({ topic, field, shape: 'breakdown' });
  if (type === 'table' && topic && options.data === 'list') reads.push({ topic, shape: 'list' });
  if (type === 'map') {
    const choropleth = options.choroplethOf as { topic?: string; field?: string } | undefined;
    if (choropleth?.topic) reads.push({ topic: choropleth.topic, field: choropleth.field, shape: 'breakdown' });
    for (const points of (options.points as string[] | undefined) ?? []) reads.push({ topic: points, shape: 'list' });
  }
  return reads;
}

/** The problems of a dashboard file, as readable lines; none when it is sound. */
export function dashboardProblems(file: string, domains: Domain[], data: TopicData): string[] {
  const problems: string[] = [];
  const dashboard = parse(readFileSync(file, 'utf8')) as Dashboard;
  const validator = Compile(Dashboard);
  if (!validator.Check(dashboard)) return [...validator.Errors(dashboard)].map((error) => `${error.instancePath} ${error.message}`);
  const topics = new Map(domains.flatMap((domain) => domain.topics).map((topic) => [topic.name as string, topic]));
  const taken = new Map<string, string>();
  const bilingual = (text: { vi: string; en: string } | undefined) => !!text && text.vi.trim().length > 0 && text.en.trim().length > 0 && text.vi !== text.en;
  if (!bilingual(dashboard.title)) problems.push('the dashboard title is not bilingual');
  for (const widget of dashboard.widgets) {
    const { column, row, columns, rows } = widget.area;
    if (!bilingual(widget.title)) problems.push(`${widget.id}: the title is not bilingual`);
    if (column + columns - 1 > dashboard.grid.columns || row + rows - 1 > dashboard.grid.rows) problems.push(`${widget.id}: outside the grid`);
    for (let c = column; c < column + columns; c++) {
      for (let r = row; r < row + rows; r++) {
        const other = taken.get(`${c},${r}`);
        if (other) problems.push(`${widget.id}: overlaps ${other} at column ${c}, row ${r}`);
        taken.set(`${c},${r}`, widget.id);
      }
    }
    for (const read of readsOf(widget.type, widget.options ?? {})) {
      const definition = topics.get(read.topic);
      const where = `${widget.id}: ${read.topic}${read.field ? `.${read.field}` : ''}`;
      if (!definition) {
        problems.push(`${where}: no such topic`);
        continue;
      }
      if (dashboard.audience === 'public' && definition.audience !== 'public') problems.push(`${where}: an internal topic on a public dashboard`);
      const value = pickField(data, read.topic, read.field);
      const ok = read.shape === 'number' ? typeof value === 'number' || value === null
        : read.shape === 'breakdown' ? isBreakdown(value)
          : read.shape === 'series' ? isSeries(value)
            : isListItems(value);
      if (!ok) problems.push(`${where}: not a ${read.shape} (${JSON.stringify(value)?.slice(0, 80)})`);
    }
  }
  return problems;
}
