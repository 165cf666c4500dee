/** The screens and the playlists, as the console lists them. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { PlaylistChoice, ScreenList } from '../../protocol/rest';
import { errors } from '../../http/route-docs';
import { playlistDashboards } from '../../screens/screen-rules';
import { areaAccess } from '../area-access';

const screenList: FastifyPluginAsync = async (fastify) => {
  // Which screens exist and where they hang is for the people who run them.
  areaAccess(fastify, { permission: 'console.use' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { screens } = app;

  app.get(
    '/api/v1/screens',
    {
      schema: {
        summary: 'Every screen: what it shows, where it hangs',
        tags: ['screens'],
        response: { 200: ScreenList, ...errors(401, 403) },
      },
    },
    async () => {
      const config = screens.config();
      return {
        timeZone: config.app.city.timeZone,
        screens: [...config.screens.values()].map((screen) => ({
          id: screen.id,
          name: screen.name,
          profile: screen.profile,
          audience: screen.audience,
          dashboard: screen.dashboard ?? null,
          playlist: screen.playlist ?? null,
          groups: screen.groups,
          tile: screen.tile ?? null,
          resolution: screen.resolution,
          location: screen.location ?? null,
          source: screens.source(screen.id) ?? 'config',
        })),
      };
    },
  );

  /** The playlists a screen can be given; `public` when every dashboard in it is public. */
  app.get(
    '/api/v1/playlists',
    {
      schema: {
        summary: 'The playlists a screen can be given',
        tags: ['dashboards'],
        response: { 200: Type.Object({ playlists: Type.Array(PlaylistChoice) }), ...errors(401, 403) },
      },
    },
    async () => {
      const { playlists, dashboards } = app.config.current();
      return {
        playlists: [...playlists.values()].map((playlist) => {
          const shown = playlistDashboards(playlist);
          return {
            id: playlist.id,
            name: playlist.name,
            items: playlist.items.length,
            dashboards: shown,
            audience: shown.every((id) => dashboards.get(id)?.audience === 'public')
              ? ('public' as const)
              : ('internal' as const),
          };
        }),
      };
    },
  );
};

export default screenList;
