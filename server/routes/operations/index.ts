/**
 * Operations: liveness and readiness for a load balancer or an orchestrator (anybody: they say
 * nothing but up or not), and the Prometheus metrics (a configured address range — loopback by
 * default — a feed key, or an operator's session).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { can } from '../../access/identity';
import { errorBody } from '../../http/error-handler';
import { errors, PUBLIC } from '../../http/route-docs';
import { addressAllowed } from '../../operations/address-ranges';

const Words = Type.Object({ vi: Type.String(), en: Type.String() });
const Ready = Type.Object({ ready: Type.Boolean(), waitingFor: Type.Array(Words) });
/** How long a balancer should wait before asking a starting process again. */
const READY_RETRY_SECONDS = 2;

const operationsArea: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { readiness, metrics } = app;

  app.get(
    '/api/v1/health/live',
    {
      schema: {
        summary: 'Liveness: the process answers (restart it when this fails)',
        tags: ['system'],
        security: PUBLIC,
        response: { 200: Type.Object({ live: Type.Literal(true) }) },
      },
    },
    async () => ({ live: true as const }),
  );

  app.get(
    '/api/v1/health/ready',
    {
      schema: {
        summary: 'Readiness: 200 once started and not closing; 503 with Retry-After while starting or stopping',
        tags: ['system'],
        security: PUBLIC,
        response: { 200: Ready, 503: { ...Ready, description: 'Not ready yet (or shutting down): what it waits for' } },
      },
    },
    async (_request, reply) => {
      const ready = readiness.ready;
      if (!ready) void reply.code(503).header('retry-after', String(READY_RETRY_SECONDS));
      return { ready, waitingFor: readiness.reasons() };
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics: from the configured address ranges, with a feed key, or for an operator',
        tags: ['system'],
        security: [{}, { feedKey: [] }, { sessionCookie: [] }],
        response: { 200: Type.String({ description: 'Prometheus text format' }), ...errors(403) },
      },
    },
    async (request, reply) => {
      const allowed =
        request.identity.kind === 'key' ||
        can(request.identity, 'console.use') ||
        addressAllowed(request.ip, app.config.current().app.operations.metricsFrom);
      if (!allowed)
        return reply
          .code(403)
          .send(
            errorBody(
              403,
              'metrics are for the monitoring host (operations.metricsFrom), a feed key or an operator',
              'số liệu vận hành chỉ dành cho máy giám sát (operations.metricsFrom), khóa nguồn dữ liệu hoặc người vận hành',
            ),
          );
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );
};

export default operationsArea;
