/** The audit log, newest first. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AuditEntry } from '../../protocol/rest';
import { errors } from '../../http/route-docs';
import { areaAccess } from '../area-access';

const auditLog: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { permission: 'audit.read' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { access } = app;

  app.get(
    '/api/v1/audit',
    {
      schema: {
        summary: 'The audit log, newest first',
        tags: ['admin'],
        response: { 200: Type.Object({ entries: Type.Array(AuditEntry) }), ...errors(401, 403) },
      },
    },
    async () => ({ entries: await access.auditLog() }),
  );
};

export default auditLog;
