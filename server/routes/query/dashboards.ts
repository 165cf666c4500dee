/** `GET /api/v1/dashboards`: the dashboards this caller may open, every public one and the internal ones with the right. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { can } from '../../access/identity';
import { DashboardChoice } from '../../protocol/rest';
import { errors, READ_BY_ANYONE } from '../../http/route-docs';
import { withoutPlaceholders } from '../../../display/wall/variables';

const dashboards: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/dashboards',
    {
      schema: {
        summary: 'The dashboards this caller may open (internal ones with the right)',
        tags: ['dashboards'],
        security: READ_BY_ANYONE,
        response: { 200: Type.Object({ dashboards: Type.Array(DashboardChoice) }), ...errors(429) },
      },
    },
    async (request) => {
      const internal = can(request.identity, 'topics.internal');
      return {
        dashboards: [...app.config.current().dashboards.values()]
          .filter((dashboard) => internal || dashboard.audience === 'public')
          .map((dashboard) => ({
            id: dashboard.id,
            // A playlist fills in "{{nameVi}}"; a picker shows the dashboard itself.
            title: { vi: withoutPlaceholders(dashboard.title.vi), en: withoutPlaceholders(dashboard.title.en) },
            audience: dashboard.audience,
          })),
      };
    },
  );
};

export default dashboards;
