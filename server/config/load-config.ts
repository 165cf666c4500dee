/**
 * Loads and validates `config/`: `app.yaml`, `units.yaml`, `dashboards/*.yaml`, `walls/*.yaml`,
 * `playlists/*.yaml`, `screens/*.yaml`, `reporting/*.yaml`, `feeds/*.yaml`.
 * Every problem is reported with its file, its path inside the file and the reason; one bad file
 * fails the whole load, so the caller keeps the last good config.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { AppConfig, Dashboard, Playlist, ReportingTemplate, Screen, VideoWall } from '../../config/schema/index';
import type { UnitsConfig } from '../../config/schema/units';
import { readUnits } from '../units/load-units';
import { checkReportingTemplate } from '../domains/reporting/template-rules';
import { checkPlaylist, checkScreen, checkScreensTogether } from '../screens/screen-rules';
import { describeSchemaError, describeSchemaErrors } from '../ingest/schema-error';
import type { WidgetManifest } from '../../widgets/widget';
import type { TopicName } from '../protocol/topics';
import type { Audience } from '../protocol/index';
import { domains } from '../domains/index';
import { checkDashboardFields } from './dashboard-fields';
import { checkFeed } from '../feeds/pipeline/feed-rules';
import { FEED_KINDS, FeedKind, type Feed } from '../../config/schema/feed';
import { ExceptionsFile, type ExceptionRule } from '../../config/schema/exceptions';
import { checkExceptionRules } from '../exceptions/rule-check';

const CONFIG_DIR = fileURLToPath(new URL('../../config/', import.meta.url));
const WIDGETS_DIR = fileURLToPath(new URL('../../widgets/', import.meta.url));

export interface LoadedConfig {
  dir: string;
  app: AppConfig;
  dashboards: Map<string, Dashboard>;
  screens: Map<string, Screen>;
  playlists: Map<string, Playlist>;
  walls: Map<string, VideoWall>;
  /** Administrative units (today's and historical), the crosswalk, the departments, the operating body. */
  units: UnitsConfig;
  /** Periodic report templates (`config/reporting/*.yaml`), by id. */
  reporting: Map<string, ReportingTemplate>;
  /** Connectors to the city's systems (`config/feeds/*.yaml`), by id. */
  feeds: Map<string, Feed>;
  /** The rules of "Needs attention" (`config/exceptions.yaml`; none without the file). */
  exceptions: ExceptionRule[];
}

export interface ConfigProblem {
  file: string;
  path: string;
  reason: string;
  /** For a problem of one widget's options: its id, and the `topic → field` at fault. */
  widget?: string;
  field?: string;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(
      `Cấu hình không hợp lệ / Invalid configuration:\n` +
        problems.map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.reason}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Every widget type's manifest, from `widgets/<type>/manifest.ts`. The server uses their options
 * schemas to check dashboards and their `topics()` to know what a screen may read; manifests load
 * their component lazily, so importing them here pulls in no browser code.
 */
export async function loadWidgetManifests(dir: string = WIDGETS_DIR): Promise<Map<string, WidgetManifest>> {
  const manifests = new Map<string, WidgetManifest>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name, 'manifest.ts');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const module = (await import(pathToFileURL(file).href)) as { default: WidgetManifest };
    manifests.set(module.default.type, module.default);
  }
  return manifests;
}

/**
 * What the config check needs of a widget type: its options schema, the topics it reads and the
 * fields of them its options name (a type without `reads` names none).
 */
export type WidgetCheck = Pick<WidgetManifest, 'options' | 'topics'> & Partial<Pick<WidgetManifest, 'reads'>>;

/** Every topic the domains publish, with its audience: a dashboard may read these and no others. */
function knownTopics(): Map<string, Audience> {
  return new Map(domains.flatMap((domain) => domain.topics.map((topic) => [topic.name, topic.audience] as const)));
}

/** The payload schema of every topic the domains publish: dashboards' fields are checked against them. */
export function topicPayloads(): Map<string, TSchema> {
  return new Map(domains.flatMap((domain) => domain.topics.map((topic) => [topic.name, topic.payload] as const)));
}

/** The topics a dashboard's widgets read (a screen token may read these and no others). */
export function dashboardTopics(dashboard: Dashboard, manifests: Map<string, WidgetManifest>): Set<TopicName> {
  const topics = new Set<TopicName>();
  for (const widget of dashboard.widgets) {
    const manifest = manifests.get(widget.type);
    if (!manifest) continue;
    const options = Value.Default(manifest.options, structuredClone(widget.options ?? {}));
    for (const topic of manifest.topics(options as never)) topics.add(topic);
  }
  return topics;
}

function relative(dir: string, file: string): string {
  return path.relative(path.dirname(dir.replace(/\/$/, '')), file) || file;
}

/**
 * Sections `app.yaml` must write out, even empty (`security: {}`), although the schema has
 * defaults for them: a file cut short (a full disk, an interrupted copy) parses as valid YAML and
 * would silently start on defaults — losing, say, the LED panels' night schedule at the end.
 */
const APP_SECTIONS_WRITTEN_OUT = [
  'version',
  'city',
  'simulator',
  'ingest',
  'security',
  'display',
  'display/profiles',
] as const;

/** The paths (`a/b`) of `required` that the parsed document does not have. */
function missingPaths(document: unknown, required: readonly string[]): string[] {
  const missing = required.filter((pathText) => {
    let node: unknown = document;
    for (const key of pathText.split('/')) {
      if (typeof node !== 'object' || node === null || !(key in node)) return true;
      node = (node as Record<string, unknown>)[key];
    }
    return false;
  });
  // A missing section is the news, not each of its missing parts.
  return missing.filter((pathText) => !missing.some((other) => pathText.startsWith(`${other}/`)));
}

/** Parses a YAML file and checks it against a schema; fills in the schema's defaults. */
function readValidated<T>(
  dir: string,
  file: string,
  schema: TSchema,
  problems: ConfigProblem[],
  writtenOut: readonly string[] = [],
): T | null {
  const name = relative(dir, file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push({ file: name, path: '', reason: `cannot read: ${(error as Error).message}` });
    return null;
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0];
      problems.push({
        file: name,
        path: line ? `line ${line.line}:${line.col}` : '',
        reason: error.message.split('\n')[0] ?? 'YAML error',
      });
    }
    return null;
  }
  const raw: unknown = document.toJS() ?? {};
  const missing = missingPaths(raw, writtenOut);
  if (missing.length > 0) {
    for (const at of missing) {
      problems.push({
        file: name,
        path: `/${at}`,
        reason:
          'missing — is the file cut short (truncated)? Write the section out, even empty ({}), so that a short file cannot start on defaults',
      });
    }
    return null;
  }
  const value = Value.Default(schema, raw);
  const check = Compile(schema);
  if (!check.Check(value)) {
    for (const refusal of describeSchemaErrors(check.Errors(value), schema).slice(0, 5))
      problems.push({ file: name, path: refusal.pointer || '/', reason: refusal.en });
    return null;
  }
  return value as T;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => path.join(dir, file));
}

export async function loadConfig(
  dir: string = CONFIG_DIR,
  widgets?: Map<string, WidgetCheck>,
  topics: ReadonlyMap<string, Audience> = knownTopics(),
  payloads: ReadonlyMap<string, TSchema> = topicPayloads(),
): Promise<LoadedConfig> {
  const problems: ConfigProblem[] = [];
  const schemas = widgets ?? (await loadWidgetManifests());
  const app = readValidated<AppConfig>(dir, path.join(dir, 'app.yaml'), AppConfig, problems, APP_SECTIONS_WRITTEN_OUT);
  const units = readUnits(
    dir,
    problems,
    (file) => relative(dir, file),
    <T>(file: string, schema: TSchema, found: ConfigProblem[]) => readValidated<T>(dir, file, schema, found),
  );

  const dashboards = new Map<string, Dashboard>();
  for (const file of yamlFiles(path.join(dir, 'dashboards'))) {
    const dashboard = readValidated<Dashboard>(dir, file, Dashboard, problems);
    if (!dashboard) continue;
    const name = relative(dir, file);
    if (dashboards.has(dashboard.id))
      problems.push({ file: name, path: '/id', reason: `dashboard id "${dashboard.id}" is used twice` });
    checkDashboard(dashboard, name, schemas, topics, problems);
    for (const { file, widget, field, path: at, message, messageVi } of checkDashboardFields(
      dashboard,
      name,
      payloads,
      schemas,
    )) {
      problems.push({ file, path: at, reason: `${messageVi} / ${message}`, widget, field });
    }
    dashboards.set(dashboard.id, dashboard);
  }

  const walls = new Map<string, VideoWall>();
  for (const file of yamlFiles(path.join(dir, 'walls'))) {
    const wall = readValidated<VideoWall>(dir, file, VideoWall, problems);
    if (!wall) continue;
    if (walls.has(wall.id))
      problems.push({ file: relative(dir, file), path: '/id', reason: `wall id "${wall.id}" is used twice` });
    walls.set(wall.id, wall);
  }

  const playlists = new Map<string, Playlist>();
  for (const file of yamlFiles(path.join(dir, 'playlists'))) {
    const playlist = readValidated<Playlist>(dir, file, Playlist, problems);
    if (!playlist) continue;
    const name = relative(dir, file);
    if (playlists.has(playlist.id))
      problems.push({ file: name, path: '/id', reason: `playlist id "${playlist.id}" is used twice` });
    for (const problem of checkPlaylist(playlist, dashboards)) problems.push({ file: name, ...problem });
    playlists.set(playlist.id, playlist);
  }

  const screens = new Map<string, Screen>();
  const screenFiles = new Map<string, string>();
  const context = { dashboards, playlists, walls, app };
  for (const file of yamlFiles(path.join(dir, 'screens'))) {
    const screen = readValidated<Screen>(dir, file, Screen, problems);
    if (!screen) continue;
    const name = relative(dir, file);
    if (screens.has(screen.id))
      problems.push({ file: name, path: '/id', reason: `screen id "${screen.id}" is used twice` });
    for (const { path: at, reason, reasonVi } of checkScreen(screen, context))
      problems.push({ file: name, path: at, reason: reasonVi ? `${reasonVi} / ${reason}` : reason });
    screens.set(screen.id, screen);
    screenFiles.set(screen.id, name);
  }
  for (const { screenId, ...problem } of checkScreensTogether(screens.values()))
    problems.push({ file: screenFiles.get(screenId) ?? screenId, ...problem });

  const reporting = new Map<string, ReportingTemplate>();
  for (const file of yamlFiles(path.join(dir, 'reporting'))) {
    const template = readValidated<ReportingTemplate>(dir, file, ReportingTemplate, problems);
    if (!template) continue;
    const name = relative(dir, file);
    if (reporting.has(template.id))
      problems.push({ file: name, path: '/id', reason: `template id "${template.id}" is used twice` });
    for (const problem of checkReportingTemplate(template)) problems.push({ file: name, ...problem });
    reporting.set(template.id, template);
  }

  const feeds = new Map<string, Feed>();
  const domainKinds = new Map(domains.map((domain) => [domain.name, Object.keys(domain.events)] as const));
  for (const file of yamlFiles(path.join(dir, 'feeds'))) {
    const kind = readValidated<{ kind: Feed['kind'] }>(dir, file, FeedKind, problems);
    const feed = kind && readValidated<Feed>(dir, file, FEED_KINDS[kind.kind], problems);
    if (!feed) continue;
    const name = relative(dir, file);
    if (feeds.has(feed.id)) problems.push({ file: name, path: '/id', reason: `feed id "${feed.id}" is used twice` });
    for (const problem of checkFeed(feed, domainKinds)) problems.push({ file: name, ...problem });
    feeds.set(feed.id, feed);
  }

  let exceptions: ExceptionRule[] = [];
  const exceptionsPath = path.join(dir, 'exceptions.yaml');
  if (existsSync(exceptionsPath)) {
    const file = readValidated<ExceptionsFile>(dir, exceptionsPath, ExceptionsFile, problems);
    for (const problem of checkExceptionRules(file?.rules ?? [], payloads))
      problems.push({ file: relative(dir, exceptionsPath), ...problem });
    exceptions = file?.rules ?? [];
  }

  if (problems.length > 0 || !app || !units) throw new ConfigError(problems);
  return { dir, app, dashboards, screens, playlists, walls, units, reporting, feeds, exceptions };
}

/**
 * Widget types exist, options fit their schema, every topic they read exists (and is public on a
 * public dashboard), and every widget lies inside the grid.
 */
function checkDashboard(
  dashboard: Dashboard,
  file: string,
  widgets: Map<string, WidgetCheck>,
  topics: ReadonlyMap<string, Audience>,
  problems: ConfigProblem[],
): void {
  const ids = new Set<string>();
  dashboard.widgets.forEach((widget, index) => {
    const at = `/widgets/${index}`;
    if (ids.has(widget.id)) problems.push({ file, path: `${at}/id`, reason: `widget id "${widget.id}" is used twice` });
    ids.add(widget.id);
    if (widget.shortTitle) {
      // Shown only in place of the title: without one, or no shorter, it would never be seen.
      const longer = (['vi', 'en'] as const).filter(
        (locale) => !widget.title || widget.shortTitle![locale].length > widget.title[locale].length,
      );
      const same = widget.title && (['vi', 'en'] as const).every((l) => widget.shortTitle![l] === widget.title![l]);
      for (const locale of same ? (['vi', 'en'] as const) : longer)
        problems.push({
          file,
          path: `${at}/shortTitle/${locale}`,
          reason: `tiêu đề ngắn phải ngắn hơn tiêu đề (title) / the short title must be shorter than the title`,
        });
    }
    const manifest = widgets.get(widget.type);
    if (!manifest) {
      problems.push({
        file,
        path: `${at}/type`,
        reason: `unknown widget type "${widget.type}" (known: ${[...widgets.keys()].join(', ')})`,
      });
    } else {
      const schema = manifest.options;
      const options = Value.Default(schema, structuredClone(widget.options ?? {}));
      const check = Compile(schema);
      if (!check.Check(options)) {
        const refusal = describeSchemaError(check.Errors(options), schema);
        problems.push({ file, path: `${at}/options${refusal?.pointer ?? ''}`, reason: refusal?.en ?? 'is invalid' });
      } else {
        widget.options = options as Record<string, unknown>;
        for (const topic of manifest.topics(options as never)) {
          const audience = topics.get(topic);
          if (!audience)
            problems.push({
              file,
              path: `${at}/options`,
              reason: `widget "${widget.id}" reads the topic "${topic}", which no domain publishes`,
            });
          else if (dashboard.audience === 'public' && audience !== 'public') {
            problems.push({
              file,
              path: `${at}/options`,
              reason: `the public dashboard "${dashboard.id}" cannot show the internal topic "${topic}"`,
            });
          }
        }
      }
    }
    const { column, row, columns, rows } = widget.area;
    if (column + columns - 1 > dashboard.grid.columns || row + rows - 1 > dashboard.grid.rows) {
      problems.push({
        file,
        path: `${at}/area`,
        reason: `widget "${widget.id}" goes past the ${dashboard.grid.columns}×${dashboard.grid.rows} grid`,
      });
    }
  });
}
