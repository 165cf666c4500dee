/** The rules of screens, walls and playlists, as the config loader applies them to YAML files. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Type from 'typebox';
import { ConfigError, loadConfig, type WidgetCheck } from '../config/load-config';
import type { TopicName } from '../protocol/topics';

const widgets = new Map([
  [
    'kpi-tile',
    {
      options: Type.Object({ topic: Type.String({ default: 'kpi.values' }), code: Type.Optional(Type.String()) }),
      topics: (options: { topic: string }) => [options.topic as TopicName],
    },
  ],
]) as Map<string, WidgetCheck>;

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const dashboard = (id: string, audience: string, title = 'Bảng') => `version: 1
id: ${id}
title: { vi: "${title}", en: "${title}" }
audience: ${audience}
grid: { columns: 2, rows: 1 }
widgets:
  - id: tile
    type: kpi-tile
    area: { column: 1, row: 1, columns: 1, rows: 1 }
    options: { code: "{{kpi}}" }
`;
const WALL = `version: 1
id: room
name: { vi: Tường, en: Wall }
columns: 2
rows: 1
tileSize: [1920, 1080]
bezel: { x: 8 }
`;
const tile = (id: string, column: number, content = 'playlist: rotation', extra = '') => `version: 1
id: ${id}
name: { vi: ${id}, en: ${id} }
profile: wall
resolution: [1920, 1080]
audience: internal
${content}
tile: { wall: room, column: ${column}, row: 1 }
${extra}`;
const ROTATION = `version: 1
id: rotation
name: { vi: Luân phiên, en: Rotation }
items:
  - { dashboard: ops, duration: 30, variables: { kpi: grdp-growth } }
  - { dashboard: ops, duration: 30, variables: { kpi: retail-sales }, daypart: { from: "06:00", to: "10:00" } }
`;

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-screens-'));
  dirs.push(dir);
  cpSync(new URL('../../config/app.yaml', import.meta.url), path.join(dir, 'app.yaml'));
  cpSync(new URL('../../config/units.yaml', import.meta.url), path.join(dir, 'units.yaml'));
  const all: Record<string, string> = {
    'dashboards/ops.yaml': dashboard('ops', 'internal'),
    'dashboards/public.yaml': dashboard('public', 'public'),
    'walls/room.yaml': WALL,
    'playlists/rotation.yaml': ROTATION,
    'screens/room-1.yaml': tile('room-1', 1),
    'screens/room-2.yaml': tile('room-2', 2),
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    if (!text) continue;
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function problemsOf(files: Record<string, string>) {
  try {
    await loadConfig(configDir(files), widgets);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((problem) => ({
      ...problem,
      file: problem.file.replace(/^.*?(\w+\/[\w-]+\.yaml)$/, '$1'),
    }));
  }
  throw new Error('expected the config to be refused');
}

describe('walls, playlists and screens in config', () => {
  it('loads a wall of two tiles showing a playlist', async () => {
    const config = await loadConfig(configDir({}), widgets);
    expect(config.walls.get('room')).toMatchObject({ columns: 2, bezel: { x: 8, y: 0 } });
    expect(config.playlists.get('rotation')).toMatchObject({ transition: 'fade', transitionMs: 800 });
    expect(config.screens.get('room-2')).toMatchObject({
      playlist: 'rotation',
      groups: [],
      tile: { wall: 'room', column: 2, row: 1 },
    });
  });

  it('loads the shipped config, whose walls, playlists and LED screens fit together', async () => {
    const config = await loadConfig();
    expect(config.playlists.size).toBeGreaterThan(0);
    expect([...config.screens.values()].some((screen) => screen.tile)).toBe(true);
  });

  it.each([
    [
      'a playlist item on an unknown dashboard',
      {
        'playlists/rotation.yaml': ROTATION.replace(
          'dashboard: ops, duration: 30, variables: { kpi: grdp-growth }',
          'dashboard: nope, duration: 30',
        ),
      },
      'playlists/rotation.yaml',
      '/items/0/dashboard',
      /no dashboard "nope"/,
    ],
    [
      'an item without a variable its dashboard reads',
      { 'playlists/rotation.yaml': ROTATION.replace(', variables: { kpi: retail-sales }', '') },
      'playlists/rotation.yaml',
      '/items/1/variables',
      /reads \{\{kpi\}\}/,
    ],
    [
      'an empty daypart',
      { 'playlists/rotation.yaml': ROTATION.replace('to: "10:00"', 'to: "06:00"') },
      'playlists/rotation.yaml',
      '/items/1/daypart',
      /would be empty/,
    ],
    [
      'a bad time of day',
      { 'playlists/rotation.yaml': ROTATION.replace('to: "10:00"', 'to: "25:00"') },
      'playlists/rotation.yaml',
      '/items/1/daypart/to',
      /pattern/,
    ],
    [
      'a duration under 5 s',
      {
        'playlists/rotation.yaml': ROTATION.replace(
          'duration: 30, variables: { kpi: grdp',
          'duration: 2, variables: { kpi: grdp',
        ),
      },
      'playlists/rotation.yaml',
      '/items/0/duration',
      /5/,
    ],
    [
      'a screen with a dashboard and a playlist',
      { 'screens/room-2.yaml': tile('room-2', 2, 'playlist: rotation\ndashboard: ops') },
      'screens/room-2.yaml',
      '/playlist',
      /either a dashboard or a playlist/,
    ],
    [
      'a screen with neither',
      { 'screens/room-2.yaml': tile('room-2', 2, '') },
      'screens/room-2.yaml',
      '/dashboard',
      /needs a dashboard or a playlist/,
    ],
    [
      'a screen showing a dashboard that reads variables, outside a playlist',
      {
        'screens/room-1.yaml': tile('room-1', 1, 'dashboard: ops'),
        'screens/room-2.yaml': tile('room-2', 2, 'dashboard: ops'),
      },
      'screens/room-1.yaml',
      '/dashboard',
      /reads \{\{kpi\}\}: show it through a playlist/,
    ],
    [
      'an unknown playlist',
      { 'screens/room-2.yaml': tile('room-2', 2, 'playlist: nope') },
      'screens/room-2.yaml',
      '/playlist',
      /no playlist "nope"/,
    ],
    [
      'a tile outside its wall',
      { 'screens/room-2.yaml': tile('room-2', 3) },
      'screens/room-2.yaml',
      '/tile',
      /outside the 2×1 wall/,
    ],
    [
      'a tile on an unknown wall',
      { 'screens/room-2.yaml': tile('room-2', 2).replace('wall: room', 'wall: hall') },
      'screens/room-2.yaml',
      '/tile/wall',
      /no wall "hall"/,
    ],
    [
      'a tile of the wrong size',
      { 'screens/room-2.yaml': tile('room-2', 2).replace('[1920, 1080]', '[3840, 2160]') },
      'screens/room-2.yaml',
      '/resolution',
      /1920×1080/,
    ],
    [
      'a tile with another profile',
      { 'screens/room-2.yaml': tile('room-2', 2).replace('profile: wall', 'profile: 4k') },
      'screens/room-2.yaml',
      '/profile',
      /profile "wall"/,
    ],
    [
      'two screens on one tile',
      { 'screens/room-2.yaml': tile('room-2', 1) },
      'screens/room-2.yaml',
      '/tile',
      /already is column 1, row 1/,
    ],
    [
      'tiles of one wall showing different things',
      { 'screens/room-2.yaml': tile('room-2', 2, 'dashboard: ops') },
      'screens/room-2.yaml',
      '/dashboard',
      /one picture/,
    ],
    [
      'a public tile showing an internal playlist',
      { 'screens/room-2.yaml': tile('room-2', 2).replace('audience: internal', 'audience: public') },
      'screens/room-2.yaml',
      '/playlist',
      /public screen cannot show playlist "rotation": its dashboard "ops" is internal/,
    ],
    [
      'tiles of one wall with different audiences',
      {
        'playlists/pub.yaml':
          'version: 1\nid: pub\nname: { vi: P, en: P }\nitems: [{ dashboard: public, duration: 10, variables: { kpi: x } }]\n',
        'screens/room-1.yaml': tile('room-1', 1, 'playlist: pub'),
        'screens/room-2.yaml': tile('room-2', 2, 'playlist: pub').replace('audience: internal', 'audience: public'),
      },
      'screens/room-2.yaml',
      '/audience',
      /share one audience \(screen "room-1" is internal\)/,
    ],
    [
      'an unknown profile',
      { 'screens/room-2.yaml': tile('room-2', 2).replace('profile: wall', 'profile: plasma') },
      'screens/room-2.yaml',
      '/profile',
      /./,
    ],
  ])('refuses %s, naming file, path and reason', async (_what, files, file, at, reason) => {
    const problems = await problemsOf(files);
    expect(problems).toContainEqual({ file, path: at, reason: expect.stringMatching(reason) });
  });

  it('lets a public screen play a playlist of public dashboards only', async () => {
    const publicList = `version: 1
id: on-street
name: { vi: Ngoài phố, en: Street }
items: [{ dashboard: public, duration: 20, variables: { kpi: x } }]
fallback: { dashboard: ops, variables: { kpi: y } }
`;
    const panel = `version: 1
id: panel
name: { vi: LED, en: LED }
profile: led
resolution: [384, 192]
audience: public
playlist: on-street
`;
    const problems = await problemsOf({ 'playlists/on-street.yaml': publicList, 'screens/panel.yaml': panel });
    expect(problems).toContainEqual({
      file: 'screens/panel.yaml',
      path: '/playlist',
      reason: expect.stringMatching(/its dashboard "ops" is internal/),
    });
    const fine = await loadConfig(
      configDir({
        'playlists/on-street.yaml': publicList.replace('dashboard: ops', 'dashboard: public'),
        'screens/panel.yaml': panel,
      }),
      widgets,
    );
    expect(fine.screens.get('panel')?.playlist).toBe('on-street');
  });
});
