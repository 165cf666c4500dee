/**
 * The screens the system knows: those of `config/screens/` (the defaults) with the changes
 * operators made to them, and the screens paired through the console. Each read of a screen goes
 * through here, so an operator's change reaches the routes, the socket grants and the screens
 * themselves at once, without a config reload.
 */
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { Screen } from '../../config/schema/screen';
import type { LoadedConfig } from '../config/load-config';
import { dashboardTopics } from '../config/load-config';
import type { WidgetManifest } from '../../widgets/widget';
import { applyVariables } from '../../display/wall/variables';
import { checkScreen, checkScreensTogether, contentDashboards, type RuleProblem } from './screen-rules';
import type { ScreenStore } from './screen-store';
import { describeSchemaErrors } from '../ingest/schema-error';

export type ScreenSource = 'config' | 'edited' | 'paired';

/** What an operator may change on a screen (`PATCH /api/v1/screens/:id`, and a pairing). */
export interface ScreenChanges {
  name?: Screen['name'];
  location?: string | null;
  profile?: Screen['profile'];
  groups?: string[];
  dashboard?: string;
  playlist?: string;
}

export class ScreenRuleError extends Error {
  readonly problems: Array<RuleProblem & { screenId: string }>;
  constructor(problems: Array<RuleProblem & { screenId: string }>) {
    super(problems.map((problem) => `${problem.screenId}${problem.path}: ${problem.reason}`).join('; '));
    this.name = 'ScreenRuleError';
    this.problems = problems;
  }
}

const checkScreenSchema = Compile(Screen);

/** Applies stored changes: a `null` removes the field (a config screen moved to a playlist loses its dashboard). */
function merge(base: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/**
 * Everything a read of the registry needs, computed once per change of the registry (a stored
 * screen, a config reload): reads are lookups. Broadcasting a change to 500 screens reads each
 * screen's setup and topics; none of those reads builds anything.
 */
interface ScreenIndex {
  files: LoadedConfig;
  screens: ReadonlyMap<string, Screen>;
  sources: ReadonlyMap<string, ScreenSource>;
  /** The files, with the registry's screens: one object until the next change. */
  config: LoadedConfig;
  /** The topics each screen's dashboards read; screens showing the same content share one set. */
  topics: ReadonlyMap<string, ReadonlySet<string>>;
  /** Those sets by what the screens show (`dashboard:<id>`, `playlist:<id>`). */
  byContent: ReadonlyMap<string, ReadonlySet<string>>;
}

const contentOf = (screen: Screen): string =>
  screen.playlist ? `playlist:${screen.playlist}` : `dashboard:${screen.dashboard ?? ''}`;

const NO_TOPICS: ReadonlySet<string> = new Set();

export class ScreenRegistry {
  readonly #store: ScreenStore;
  readonly #config: () => LoadedConfig;
  readonly #manifests: Map<string, WidgetManifest>;
  readonly #warn: (message: string) => void;
  #index: ScreenIndex | null = null;
  /** Screens changed since the index was built (only they are merged again), or `all`. */
  #stale: Set<string> | 'all' = 'all';
  #builds = 0;
  readonly #listeners = new Set<(screenIds: string[] | 'all') => void>();

  constructor(
    store: ScreenStore,
    config: () => LoadedConfig,
    manifests: Map<string, WidgetManifest>,
    warn: (message: string) => void = () => {},
  ) {
    this.#store = store;
    this.#config = config;
    this.#manifests = manifests;
    this.#warn = warn;
    // Another server process paired or changed screens: this one's screens follow too.
    store.onChangedElsewhere((screenIds) => this.#changed(screenIds));
  }

  /** How many times the index was built (once per change, whatever the number of reads). */
  get builds(): number {
    return this.#builds;
  }

  /** Called when what screens show may have changed: the ids, or `all` after a config reload. */
  onChange(listener: (screenIds: string[] | 'all') => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The config was reloaded: merge again. */
  invalidate(): void {
    this.#stale = 'all';
    this.#listeners.forEach((listener) => listener('all'));
  }

  #current(): ScreenIndex {
    const files = this.#config();
    const index = this.#index;
    const stale = this.#stale;
    if (index?.files === files && stale !== 'all' && stale.size === 0) return index;
    // Only the changed screens are merged again, unless the config changed or a screen is new
    // (a full build keeps the order screens are numbered in: config ones, then paired by id).
    const partial = index?.files === files && stale !== 'all' && [...stale].every((id) => index.screens.has(id));
    this.#index = partial ? this.#build(files, index, stale) : this.#build(files, null, null);
    this.#stale = new Set();
    return this.#index;
  }

  #build(files: LoadedConfig, previous: ScreenIndex | null, stale: ReadonlySet<string> | null): ScreenIndex {
    this.#builds++;
    const screens = new Map<string, Screen>(previous?.screens ?? files.screens);
    const sources = new Map<string, ScreenSource>(
      previous?.sources ?? [...files.screens.keys()].map((id) => [id, 'config']),
    );
    const entries = stale
      ? [...stale].map((id) => ({ id, stored: this.#store.get(id) }))
      : this.#store.all().map((entry) => ({ id: entry.id, stored: entry }));
    for (const { id, stored } of entries) {
      const base = files.screens.get(id);
      // Back to what the files say, until a stored screen says otherwise.
      if (base) {
        screens.set(id, base);
        sources.set(id, 'config');
      } else {
        screens.delete(id);
        sources.delete(id);
      }
      if (!stored || (!stored.paired && !base)) continue; // changes to a screen since removed from config
      const candidate = Value.Default(
        Screen,
        stored.paired
          ? structuredClone(stored.definition)
          : merge(structuredClone(base!) as unknown as Record<string, unknown>, stored.definition),
      );
      if (!checkScreenSchema.Check(candidate)) {
        // A stored screen the current schema no longer accepts stays out rather than break every screen.
        this.#warn(`stored screen "${id}" no longer fits the screen schema; it is ignored`);
        continue;
      }
      screens.set(id, candidate);
      sources.set(id, stored.paired ? 'paired' : 'edited');
    }
    const byContent = new Map<string, ReadonlySet<string>>(previous?.byContent ?? []);
    const topics = new Map<string, ReadonlySet<string>>(previous?.topics ?? []);
    for (const id of stale ?? screens.keys()) {
      const screen = screens.get(id);
      if (!screen) {
        topics.delete(id);
        continue;
      }
      const content = contentOf(screen);
      let set = byContent.get(content);
      if (!set) {
        set = this.#topicsOfContent(screen, files);
        byContent.set(content, set);
      }
      topics.set(id, set);
    }
    return { files, screens, sources, topics, byContent, config: { ...files, screens } };
  }

  /** The topics a screen's dashboards read (with each playlist item's variables). */
  #topicsOfContent(screen: Screen, config: LoadedConfig): ReadonlySet<string> {
    const set = new Set<string>();
    const playlist = screen.playlist ? config.playlists.get(screen.playlist) : undefined;
    for (const dashboard of contentDashboards(screen, config)) {
      const variants = playlist
        ? playlist.items.filter((item) => item.dashboard === dashboard.id).map((item) => item.variables)
        : [];
      for (const variables of variants.length > 0 ? variants : [undefined]) {
        for (const topic of dashboardTopics(applyVariables(dashboard, variables), this.#manifests)) set.add(topic);
      }
    }
    return set;
  }

  screens(): ReadonlyMap<string, Screen> {
    return this.#current().screens;
  }

  /**
   * The config as the rest of the system sees it: the files, with every screen registered here
   * (config ones with operators' changes, and the paired ones). The same object until either changes.
   */
  config(): LoadedConfig {
    return this.#current().config;
  }

  get(id: string): Screen | undefined {
    return this.#current().screens.get(id);
  }

  source(id: string): ScreenSource | null {
    return this.#current().sources.get(id) ?? null;
  }

  /** The topics a screen's dashboards read (with each playlist item's variables). */
  topicsOf(id: string): ReadonlySet<string> {
    return this.#current().topics.get(id) ?? NO_TOPICS;
  }

  /**
   * A view of a screen's topics that follows its assignment: a socket granted at its handshake
   * may read the new dashboard's topics once an operator changes it, and no longer the old ones.
   */
  liveTopics(id: string): ReadonlySet<string> {
    const current = () => this.topicsOf(id);
    return {
      has: (topic: string) => current().has(topic),
      get size() {
        return current().size;
      },
      forEach: (callback, thisArg) => current().forEach(callback, thisArg),
      entries: () => current().entries(),
      keys: () => current().keys(),
      values: () => current().values(),
      [Symbol.iterator]: () => current()[Symbol.iterator](),
    } as ReadonlySet<string>;
  }

  /** Problems the registry would have with these screens replacing (or joining) the current ones. */
  problemsWith(candidates: Screen[]): Array<RuleProblem & { screenId: string }> {
    const config = this.#config();
    const problems = candidates.flatMap((screen) =>
      checkScreen(screen, config).map((problem) => ({ screenId: screen.id, ...problem })),
    );
    const after = new Map(this.screens());
    for (const screen of candidates) after.set(screen.id, screen);
    // Only what these screens take part in: an old conflict elsewhere must not block this change.
    const touched = new Set(candidates.map((screen) => screen.id));
    const walls = new Set(candidates.flatMap((screen) => (screen.tile ? [screen.tile.wall] : [])));
    const together = checkScreensTogether(after.values()).filter((problem) => {
      const wall = after.get(problem.screenId)?.tile?.wall;
      return touched.has(problem.screenId) || (wall !== undefined && walls.has(wall));
    });
    return [...problems, ...together];
  }

  /** Stores a screen made by pairing. Throws `ScreenRuleError` when it breaks a rule. */
  async addPaired(screen: Screen, actor: string): Promise<void> {
    if (this.get(screen.id))
      throw new ScreenRuleError([{ screenId: screen.id, path: '/id', reason: `screen "${screen.id}" already exists` }]);
    const problems = this.problemsWith([screen]);
    if (problems.length > 0) throw new ScreenRuleError(problems);
    await this.#store.put(
      [{ id: screen.id, paired: true, definition: screen as unknown as Record<string, unknown> }],
      actor,
    );
    this.#changed([screen.id]);
  }

  /**
   * Applies an operator's changes. A change of what a tile shows applies to every tile of its
   * wall (they are one picture). Returns the ids of the screens changed; throws `ScreenRuleError`.
   */
  async change(id: string, changes: ScreenChanges, actor: string): Promise<string[]> {
    const screen = this.get(id);
    if (!screen) throw new ScreenRuleError([{ screenId: id, path: '/id', reason: `no screen "${id}"` }]);
    if (changes.dashboard && changes.playlist) {
      throw new ScreenRuleError([
        { screenId: id, path: '/playlist', reason: 'a screen shows either a dashboard or a playlist, not both' },
      ]);
    }
    const content: Record<string, unknown> = changes.dashboard
      ? { dashboard: changes.dashboard, playlist: null }
      : changes.playlist
        ? { playlist: changes.playlist, dashboard: null }
        : {};
    const own: Record<string, unknown> = { ...content };
    for (const key of ['name', 'profile', 'groups'] as const) if (changes[key] !== undefined) own[key] = changes[key];
    if (changes.location !== undefined) own.location = changes.location;

    const targets = new Map<string, Record<string, unknown>>([[id, own]]);
    if (screen.tile && Object.keys(content).length > 0) {
      for (const other of this.screens().values()) {
        if (other.id !== id && other.tile?.wall === screen.tile.wall) targets.set(other.id, content);
      }
    }
    const candidates = [...targets].map(
      ([targetId, fields]) =>
        merge(structuredClone(this.get(targetId)!) as unknown as Record<string, unknown>, fields) as unknown as Screen,
    );
    const schemaProblems = candidates.flatMap((candidate) => {
      const screenId = candidate.id;
      if (checkScreenSchema.Check(candidate)) return [];
      return describeSchemaErrors(checkScreenSchema.Errors(candidate), Screen)
        .slice(0, 3)
        .map((refusal) => ({ screenId, path: refusal.pointer || '/', reason: refusal.en, reasonVi: refusal.vi }));
    });
    const problems = schemaProblems.length > 0 ? schemaProblems : this.problemsWith(candidates);
    if (problems.length > 0) throw new ScreenRuleError(problems);

    await this.#store.put(
      [...targets].map(([targetId, fields]) => {
        const stored = this.#store.get(targetId);
        if (stored?.paired || this.source(targetId) === 'paired') {
          return {
            id: targetId,
            paired: true,
            definition: candidates.find((candidate) => candidate.id === targetId) as unknown as Record<string, unknown>,
          };
        }
        return { id: targetId, paired: false, definition: { ...(stored?.definition ?? {}), ...fields } };
      }),
      actor,
    );
    const changed = [...targets.keys()];
    this.#changed(changed);
    return changed;
  }

  /** A paired screen is removed; a config screen loses the operators' changes. */
  async forget(id: string): Promise<boolean> {
    const removed = await this.#store.remove(id);
    if (removed) this.#changed([id]);
    return removed;
  }

  #changed(ids: string[]): void {
    if (this.#stale !== 'all') for (const id of ids) this.#stale.add(id);
    this.#listeners.forEach((listener) => listener(ids));
  }
}
