/**
 * Checks a dashboard file against what the domains really publish, without the config loader's
 * other checks (drafts for widgets still being built): the file's structure, the grid, bilingual
 * titles, and that every `topic` + `field` an option names (as its widget's manifest declares in
 * `reads`) exists in the payload schema, suits the dashboard's audience and holds, in the data
 * given, the shape the widget reads (the display's own guards, from the same schemas).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { Dashboard } from '../../config/schema/dashboard';
import { pickField, SHAPE_GUARDS } from '../../widgets/shapes';
import { widgetTypes } from '../../widgets/registry';
import type { FieldRead, TopicData } from '../../widgets/widget';
import type { Domain } from '../domains/domain';
import { checkDashboardFields } from '../config/dashboard-fields';

const CONFIG_DIR = fileURLToPath(new URL('../../config/', import.meta.url));

/** The file in `config/dashboards/`, or else in `config/dashboards-draft/` (drafts move once their widgets exist). */
export function dashboardPath(file: string): string {
  const placed = path.join(CONFIG_DIR, 'dashboards', file);
  return existsSync(placed) ? placed : path.join(CONFIG_DIR, 'dashboards-draft', file);
}

/** What a placement reads, as its widget type's manifest declares it; nothing for a type not built yet. */
function readsOf(type: string, options: Record<string, unknown>): FieldRead[] {
  const manifest = widgetTypes.get(type);
  if (!manifest) return [];
  const filled: unknown = Value.Default(manifest.options, structuredClone(options));
  return Value.Check(manifest.options, filled) ? manifest.reads(filled as never) : [];
}

/** The problems of a dashboard file, as readable lines; none when it is sound. */
export function dashboardProblems(file: string, domains: Domain[], data: TopicData): string[] {
  const problems: string[] = [];
  const dashboard = parse(readFileSync(file, 'utf8')) as Dashboard;
  const validator = Compile(Dashboard);
  if (!validator.Check(dashboard))
    return [...validator.Errors(dashboard)].map((error) => `${error.instancePath} ${error.message}`);
  const topics = new Map(domains.flatMap((domain) => domain.topics).map((topic) => [topic.name as string, topic]));
  const payloads = new Map([...topics].map(([name, topic]) => [name, topic.payload]));
  for (const problem of checkDashboardFields(dashboard, file, payloads, widgetTypes)) problems.push(problem.message);
  const taken = new Map<string, string>();
  const bilingual = (text: { vi: string; en: string } | undefined) =>
    !!text && text.vi.trim().length > 0 && text.en.trim().length > 0 && text.vi !== text.en;
  if (!bilingual(dashboard.title)) problems.push('the dashboard title is not bilingual');
  for (const widget of dashboard.widgets) {
    const { column, row, columns, rows } = widget.area;
    if (!bilingual(widget.title)) problems.push(`${widget.id}: the title is not bilingual`);
    if (column + columns - 1 > dashboard.grid.columns || row + rows - 1 > dashboard.grid.rows)
      problems.push(`${widget.id}: outside the grid`);
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
      if (dashboard.audience === 'public' && definition.audience !== 'public')
        problems.push(`${where}: an internal topic on a public dashboard`);
      const value = pickField(data, read.topic, read.field);
      if (!SHAPE_GUARDS[read.shape](value))
        problems.push(`${where}: not a ${read.shape} (${JSON.stringify(value)?.slice(0, 80)})`);
    }
  }
  return problems;
}
