/** What a screen needs to draw itself, from the config and the registry (HTTP and socket alike). */
import type { Dashboard } from '../../config/schema/dashboard';
import type { Screen } from '../../config/schema/screen';
import { citizenPageUrl } from '../../config/schema/app-config';
import type { LoadedConfig } from '../config/load-config';
import type { ScreenSetup, TopicInfo } from '../protocol/index';
import { contentDashboards } from './screen-rules';
import { applyVariables } from '../../display/wall/variables';

export type SetupResult = { ok: true; setup: ScreenSetup } | { ok: false; en: string; vi: string };

export function buildScreenSetup(screen: Screen, config: LoadedConfig, topics: TopicInfo[]): SetupResult {
  const playlist = screen.playlist ? (config.playlists.get(screen.playlist) ?? null) : null;
  if (screen.playlist && !playlist) {
    return {
      ok: false,
      en: `screen ${screen.id} shows playlist ${screen.playlist}, which no longer exists`,
      vi: `màn hình ${screen.id} phát danh sách ${screen.playlist} không còn tồn tại`,
    };
  }
  const shown = contentDashboards(screen, config);
  const first = playlist
    ? config.dashboards.get(playlist.items[0]!.dashboard)
    : screen.dashboard
      ? config.dashboards.get(screen.dashboard)
      : undefined;
  if (!first) {
    const missing = playlist?.items[0]?.dashboard ?? screen.dashboard ?? '?';
    return {
      ok: false,
      en: `screen ${screen.id} shows dashboard ${missing}, which no longer exists`,
      vi: `màn hình ${screen.id} hiển thị bảng ${missing} không còn tồn tại`,
    };
  }
  const dashboards: Record<string, Dashboard> = Object.fromEntries(shown.map((dashboard) => [dashboard.id, dashboard]));
  const { city } = config.app;
  return {
    ok: true,
    setup: {
      screen,
      dashboard: first,
      dashboards,
      playlist,
      wall: screen.tile ? (config.walls.get(screen.tile.wall) ?? null) : null,
      city: {
        name: city.name,
        timeZone: city.timeZone,
        locale: city.locale,
        center: city.center,
        zoom: city.zoom,
        wardBoundariesSchematic: city.wardBoundariesSchematic,
        operatingBody: { vi: config.units.operatingBody.name, en: config.units.operatingBody.nameEn },
        citizenPageUrl: citizenPageUrl(config.app),
      },
      topics,
    },
  };
}

/**
 * A dashboard opened on its own (`/view/<id>`) that reads playlist variables: filled with those of
 * the first playlist item showing it, so that it draws something real rather than `{{kpi}}`.
 */
export function viewedDashboard(dashboard: Dashboard, config: LoadedConfig): Dashboard {
  for (const playlist of config.playlists.values()) {
    const item = playlist.items.find((candidate) => candidate.dashboard === dashboard.id && candidate.variables);
    if (item) return applyVariables(dashboard, item.variables);
  }
  return dashboard;
}
