/**
 * The screens registry under a broadcast to every screen (`npx tsx bench/screen-fanout.ts --
 * --screens 500`): the shipped config plus N paired screens spread over its dashboards, in a
 * SQLite store in a temp folder. Timed: after an operator's change of one screen, and after a
 * config reload, what pushing the setup to every screen reads of each (whether it exists, its
 * setup from the registry's config, its topics), as `screen-sync.ts` and the gateway do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { arg } from './bench-support';
import type { Screen } from '../config/schema/screen';
import { loadConfig, loadWidgetManifests } from '../server/config/load-config';
import { openDatabase } from '../server/store/database';
import { ScreenRegistry } from '../server/screens/screen-registry';
import { SqliteScreenStore } from '../server/screens/screen-store';
import { buildScreenSetup } from '../server/screens/screen-setup';

const screens = arg('screens', 500);
const rounds = arg('rounds', 20);

const files = await loadConfig(fileURLToPath(new URL('../config/', import.meta.url)));
let current = files;
const manifests = await loadWidgetManifests();
const dir = mkdtempSync(path.join(tmpdir(), 'ioc-bench-fanout-'));
const store = new SqliteScreenStore(openDatabase(path.join(dir, 'ioc.sqlite')));
const internal = [...files.dashboards.values()].filter((dashboard) => dashboard.audience === 'internal');
await store.put(
  Array.from({ length: screens }, (_, index) => {
    const screen: Screen = {
      version: 1,
      id: `man-${index}`,
      name: { vi: `Màn hình ${index}`, en: `Screen ${index}` },
      profile: 'wall',
      groups: [],
      resolution: [1920, 1080],
      audience: 'internal',
      dashboard: internal[index % internal.length]!.id,
    };
    return { id: screen.id, paired: true, definition: screen as unknown as Record<string, unknown> };
  }),
  'bench',
);
const registry = new ScreenRegistry(store, () => current, manifests);

/** What `screen-sync.ts` reads of every connected screen when it pushes their setups. */
function pushToAll(): number {
  let topics = 0;
  for (const id of registry.screens().keys()) {
    const screen = registry.get(id);
    if (!screen) continue;
    const setup = buildScreenSetup(screen, registry.config(), []);
    if (setup.ok) topics += registry.topicsOf(id).size;
  }
  return topics;
}

async function timed(what: string, before: () => Promise<unknown> | void): Promise<void> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await before();
    const start = performance.now();
    pushToAll();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`${what}: median ${median.toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms over ${rounds} rounds`);
}

pushToAll(); // warm up
console.log(`${registry.screens().size} screens (${screens} paired), ${internal.length} internal dashboards`);
let flip = 0;
await timed('one screen changed, setup pushed to every screen', () =>
  registry.change('man-0', { name: { vi: `Đổi ${++flip}`, en: `Changed ${flip}` } }, 'bench'),
);
await timed('config reloaded, setup pushed to every screen', () => {
  current = { ...files };
  registry.invalidate();
});
await timed('no change, setup pushed to every screen', () => {});
rmSync(dir, { recursive: true, force: true });
