/**
 * Playlist variables: one dashboard shown for each ward (or each KPI) in turn. A dashboard names
 * a variable as `{{ward}}` in its title, its widgets' titles and their text options; the wall
 * fills them in before drawing. Pure, so the server's config check uses the same rules.
 */
import type { Dashboard } from '../../config/schema/dashboard';

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]{0,31})\s*\}\}/g;

export type Variables = Readonly<Record<string, string>>;

/** The text with each known `{{name}}` replaced; unknown names are left for the eye to catch. */
export function fillText(text: string, variables: Variables): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(variables, name) ? variables[name]! : whole,
  );
}

/** The text with every `{{name}}` as "…": a dashboard named outside its playlist (a picker, a list). */
export function withoutPlaceholders(text: string): string {
  return text.replace(PLACEHOLDER, '…');
}

function fillValue(value: unknown, variables: Variables): unknown {
  if (typeof value === 'string') return fillText(value, variables);
  if (Array.isArray(value)) return value.map((item) => fillValue(item, variables));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillValue(item, variables)]));
  }
  return value;
}

function namesIn(value: unknown, names: Set<string>): void {
  if (typeof value === 'string') {
    for (const match of value.matchAll(PLACEHOLDER)) names.add(match[1]!);
  } else if (Array.isArray(value)) {
    value.forEach((item) => namesIn(item, names));
  } else if (value !== null && typeof value === 'object') {
    Object.values(value).forEach((item) => namesIn(item, names));
  }
}

/** The variables a dashboard reads (where they may appear: titles and widget options). */
export function placeholdersOf(dashboard: Dashboard): Set<string> {
  const names = new Set<string>();
  namesIn(dashboard.title, names);
  for (const widget of dashboard.widgets) {
    namesIn(widget.title, names);
    namesIn(widget.options, names);
  }
  return names;
}

/** The dashboard as a screen shows it with these variables: a new object, the input untouched. */
export function applyVariables(dashboard: Dashboard, variables: Variables | undefined): Dashboard {
  if (!variables || Object.keys(variables).length === 0) return dashboard;
  return {
    ...dashboard,
    title: fillValue(dashboard.title, variables) as Dashboard['title'],
    widgets: dashboard.widgets.map((widget) => ({
      ...widget,
      ...(widget.title ? { title: fillValue(widget.title, variables) as typeof widget.title } : {}),
      ...(widget.options ? { options: fillValue(widget.options, variables) as Record<string, unknown> } : {}),
    })),
  };
}
