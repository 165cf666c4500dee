/**
 * The registry indexes its screens once per change: reading 500 screens' setups and topics (what
 * a broadcast to every screen does) builds nothing; a stored change or a config reload builds once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Screen } from '../../config/schema/screen';
import { loadWidgetManifests, type LoadedConfig } from '../config/load-config';
import type { WidgetManifest } from '../../widgets/widget';
import { openDatabase } from '../store/database';
import { testConfig } from '../test-support/test-app';
import { ScreenRegistry } from './screen-registry';
import { SqliteScreenStore } from './screen-store';

let manifests: Map<string, WidgetManifest>;
beforeAll(async () => {
  manifests = await loadWidgetManifests();
});

const paired = (id: string, dashboard: string, audience: Screen['audience']): Screen => ({
  version: 1,
  id,
  name: { vi: id, en: id },
  profile: audience === 'public' ? 'led' : 'wall',
  groups: [],
  resolution: audience === 'public' ? [384, 192] : [1920, 1080],
  audience,
  dashboard,
});

/** The test config and a second internal dashboard, which reads another topic. */
function config(): LoadedConfig {
  const files = testConfig();
  files.dashboards.set('reports-ops', {
    ...files.dashboards.get('ops')!,
    id: 'reports-ops',
    widgets: [
      {
        id: 'open',
        type: 'kpi-tile',
        area: { column: 1, row: 1, columns: 1, rows: 1 },
        options: { topic: 'reports.summary', field: 'open' },
      },
    ],
  });
  return files;
}

async function registryOf(screens: number) {
  let files = config();
  const store = new SqliteScreenStore(openDatabase(':memory:'));
  await store.put(
    Array.from({ length: screens }, (_, index) => {
      const screen =
        index % 2 === 0 ? paired(`man-${index}`, 'ops', 'internal') : paired(`led-${index}`, 'public', 'public');
      return { id: screen.id, paired: true, definition: screen as unknown as Record<string, unknown> };
    }),
    'test',
  );
  const registry = new ScreenRegistry(store, () => files, manifests);
  return {
    registry,
    reload: () => {
      files = config();
      registry.invalidate();
    },
  };
}

/** What a broadcast to every screen reads of each: whether it exists, its setup's config, its topics. */
function readEveryScreen(registry: ScreenRegistry): number {
  let topics = 0;
  for (const id of registry.screens().keys()) {
    if (!registry.get(id) || registry.source(id) === null) throw new Error(`screen ${id} vanished`);
    if (!registry.config().screens.has(id)) throw new Error(`screen ${id} not in the config`);
    topics += registry.topicsOf(id).size;
    if (registry.liveTopics(id).has('no-such-topic')) throw new Error('a topic nobody reads');
  }
  return topics;
}

describe('ScreenRegistry index', () => {
  it('builds once for any number of reads, once more per stored change and per config reload', async () => {
    const { registry, reload } = await registryOf(500);
    expect(registry.builds).toBe(0);
    expect(readEveryScreen(registry)).toBeGreaterThan(0);
    for (let round = 0; round < 5; round++) readEveryScreen(registry);
    expect(registry.builds).toBe(1);
    expect(registry.screens().size).toBe(502); // the 500 paired and the config's `ops` and `panel`

    const untouched = registry.get('man-2');
    const changed = await registry.change('man-0', { name: { vi: 'Phòng họp', en: 'Meeting room' } }, 'test');
    expect(changed).toEqual(['man-0']);
    for (let round = 0; round < 5; round++) readEveryScreen(registry);
    expect(registry.builds).toBe(2);
    expect(registry.get('man-0')?.name.vi).toBe('Phòng họp');
    // Only the changed screen was merged again; the order screens are numbered in is kept.
    expect(registry.get('man-2')).toBe(untouched);
    expect([...registry.screens().keys()].slice(0, 3)).toEqual(['ops', 'panel', 'led-1']);

    reload();
    readEveryScreen(registry);
    readEveryScreen(registry);
    expect(registry.builds).toBe(3);
  });

  it('gives screens showing the same content one topic set, and follows a screen to its new content', async () => {
    const { registry } = await registryOf(4);
    expect(registry.topicsOf('man-0')).toBe(registry.topicsOf('man-2'));
    expect(registry.topicsOf('led-1')).not.toBe(registry.topicsOf('man-0'));
    const granted = registry.liveTopics('man-0');
    expect(granted.has('reports.summary')).toBe(false);

    await registry.change('man-0', { dashboard: 'reports-ops' }, 'test');
    expect(granted.has('reports.summary')).toBe(true);
    expect(registry.topicsOf('man-0')).not.toBe(registry.topicsOf('man-2'));
    expect(registry.topicsOf('man-2').has('reports.summary')).toBe(false);
    expect(registry.topicsOf('no-such-screen').size).toBe(0);
  });
});
