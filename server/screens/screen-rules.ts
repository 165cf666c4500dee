/**
 * What makes a screen, a playlist and a tiled wall coherent. The config loader applies these to
 * the files, and the pairing and assignment routes to what an operator asks for, so a screen
 * made in the console obeys the same rules as one written in YAML.
 */
import type { Dashboard } from '../../config/schema/dashboard';
import type { Playlist } from '../../config/schema/playlist';
import type { Screen, VideoWall } from '../../config/schema/screen';
import type { AppConfig } from '../../config/schema/app-config';
import { placeholdersOf } from '../../display/wall/variables';
import { checkNoCameraOnLed } from './camera-rule';
import { checkQrFit } from './qr-fit';

export interface ScreenContext {
  dashboards: ReadonlyMap<string, Dashboard>;
  playlists: ReadonlyMap<string, Playlist>;
  walls: ReadonlyMap<string, VideoWall>;
  /** The city settings, for the QR codes' address; absent while `app.yaml` itself is invalid. */
  app?: Pick<AppConfig, 'citizen'> | null;
}

export interface RuleProblem {
  /** JSON pointer inside the screen or playlist, e.g. `/playlist`, `/items/2/variables`. */
  path: string;
  reason: string;
  /** The reason in Vietnamese, where it has been written (a schema's refusal always has one). */
  reasonVi?: string;
}

const known = (map: ReadonlyMap<string, unknown>) => [...map.keys()].join(', ') || 'none';

/** Every dashboard a playlist can show, in order, its fallback last. */
export function playlistDashboards(playlist: Playlist): string[] {
  const ids = playlist.items.map((item) => item.dashboard);
  if (playlist.fallback) ids.push(playlist.fallback.dashboard);
  return [...new Set(ids)];
}

/** The dashboards a screen can show: its own, or every one of its playlist. */
export function contentDashboards(screen: Pick<Screen, 'dashboard' | 'playlist'>, context: ScreenContext): Dashboard[] {
  const playlist = screen.playlist ? context.playlists.get(screen.playlist) : undefined;
  const ids = playlist ? playlistDashboards(playlist) : screen.dashboard ? [screen.dashboard] : [];
  return ids
    .map((id) => context.dashboards.get(id))
    .filter((dashboard): dashboard is Dashboard => dashboard !== undefined);
}

export function checkPlaylist(playlist: Playlist, dashboards: ReadonlyMap<string, Dashboard>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const entries = [
    ...playlist.items.map((item, index) => ({
      at: `/items/${index}`,
      dashboard: item.dashboard,
      variables: item.variables ?? {},
    })),
    ...(playlist.fallback
      ? [{ at: '/fallback', dashboard: playlist.fallback.dashboard, variables: playlist.fallback.variables ?? {} }]
      : []),
  ];
  for (const entry of entries) {
    const dashboard = dashboards.get(entry.dashboard);
    if (!dashboard) {
      problems.push({
        path: `${entry.at}/dashboard`,
        reason: `no dashboard "${entry.dashboard}" (known: ${known(dashboards)})`,
      });
      continue;
    }
    const missing = [...placeholdersOf(dashboard)].filter((name) => !Object.hasOwn(entry.variables, name));
    if (missing.length > 0) {
      problems.push({
        path: `${entry.at}/variables`,
        reason: `dashboard "${dashboard.id}" reads ${missing.map((name) => `{{${name}}}`).join(', ')}: give ${missing.length > 1 ? 'them' : 'it'} a value`,
      });
    }
  }
  playlist.items.forEach((item, index) => {
    if (item.daypart && item.daypart.from === item.daypart.to) {
      problems.push({
        path: `/items/${index}/daypart`,
        reason: `from and to are both ${item.daypart.from}: the daypart would be empty`,
      });
    }
  });
  return problems;
}

/** One screen on its own: it shows one thing, that thing exists and suits its audience, its tile fits its wall. */
export function checkScreen(screen: Screen, context: ScreenContext): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (screen.dashboard && screen.playlist) {
    problems.push({ path: '/playlist', reason: 'a screen shows either a dashboard or a playlist, not both' });
  } else if (!screen.dashboard && !screen.playlist) {
    problems.push({ path: '/dashboard', reason: 'a screen needs a dashboard or a playlist' });
  } else if (screen.dashboard) {
    const dashboard = context.dashboards.get(screen.dashboard);
    const variables = dashboard ? [...placeholdersOf(dashboard)] : [];
    if (!dashboard)
      problems.push({
        path: '/dashboard',
        reason: `no dashboard "${screen.dashboard}" (known: ${known(context.dashboards)})`,
      });
    else if (screen.audience === 'public' && dashboard.audience !== 'public') {
      problems.push({
        path: '/dashboard',
        reason: `a public screen cannot show the internal dashboard "${dashboard.id}"`,
      });
    } else if (variables.length > 0) {
      problems.push({
        path: '/dashboard',
        reason: `dashboard "${dashboard.id}" reads ${variables.map((name) => `{{${name}}}`).join(', ')}: show it through a playlist that gives the values`,
      });
    }
  } else if (screen.playlist) {
    const playlist = context.playlists.get(screen.playlist);
    if (!playlist)
      problems.push({
        path: '/playlist',
        reason: `no playlist "${screen.playlist}" (known: ${known(context.playlists)})`,
      });
    else if (screen.audience === 'public') {
      const internal = playlistDashboards(playlist).find((id) => context.dashboards.get(id)?.audience !== 'public');
      if (internal)
        problems.push({
          path: '/playlist',
          reason: `a public screen cannot show playlist "${playlist.id}": its dashboard "${internal}" is internal`,
        });
    }
  }
  if (screen.tile) {
    const wall = context.walls.get(screen.tile.wall);
    if (!wall) {
      problems.push({ path: '/tile/wall', reason: `no wall "${screen.tile.wall}" (known: ${known(context.walls)})` });
    } else {
      if (screen.tile.column > wall.columns || screen.tile.row > wall.rows) {
        problems.push({
          path: '/tile',
          reason: `column ${screen.tile.column}, row ${screen.tile.row} is outside the ${wall.columns}×${wall.rows} wall "${wall.id}"`,
        });
      }
      if (screen.resolution[0] !== wall.tileSize[0] || screen.resolution[1] !== wall.tileSize[1]) {
        problems.push({
          path: '/resolution',
          reason: `a tile of wall "${wall.id}" is ${wall.tileSize.join('×')}, not ${screen.resolution.join('×')}`,
        });
      }
      if (screen.profile !== 'wall')
        problems.push({ path: '/profile', reason: `a tile of a wall has the profile "wall", not "${screen.profile}"` });
    }
  }
  if (context.app) problems.push(...checkQrFit(screen, contentDashboards(screen, context), context.app));
  problems.push(...checkNoCameraOnLed(screen, contentDashboards(screen, context)));
  return problems;
}

/**
 * Screens together: one screen per tile position, and the tiles of one wall show the same thing
 * to the same audience (they are one picture).
 */
export function checkScreensTogether(screens: Iterable<Screen>): Array<RuleProblem & { screenId: string }> {
  const problems: Array<RuleProblem & { screenId: string }> = [];
  const byPosition = new Map<string, string>();
  const firstOfWall = new Map<string, Screen>();
  for (const screen of screens) {
    if (!screen.tile) continue;
    const position = `${screen.tile.wall}:${screen.tile.column}:${screen.tile.row}`;
    const taken = byPosition.get(position);
    if (taken) {
      problems.push({
        screenId: screen.id,
        path: '/tile',
        reason: `screen "${taken}" already is column ${screen.tile.column}, row ${screen.tile.row} of wall "${screen.tile.wall}"`,
      });
    }
    byPosition.set(position, screen.id);
    const first = firstOfWall.get(screen.tile.wall);
    if (!first) {
      firstOfWall.set(screen.tile.wall, screen);
      continue;
    }
    if (
      (first.playlist ?? null) !== (screen.playlist ?? null) ||
      (first.dashboard ?? null) !== (screen.dashboard ?? null)
    ) {
      problems.push({
        screenId: screen.id,
        path: screen.playlist ? '/playlist' : '/dashboard',
        reason: `the tiles of wall "${screen.tile.wall}" show one picture: this one shows ${describe(screen)}, screen "${first.id}" ${describe(first)}`,
      });
    }
    if (first.audience !== screen.audience) {
      problems.push({
        screenId: screen.id,
        path: '/audience',
        reason: `the tiles of wall "${screen.tile.wall}" share one audience (screen "${first.id}" is ${first.audience})`,
      });
    }
  }
  return problems;
}

function describe(screen: Screen): string {
  return screen.playlist ? `playlist "${screen.playlist}"` : `dashboard "${screen.dashboard ?? '?'}"`;
}
