/**
 * `POST /api/v1/events`: one event or a batch (a JSON array), all or nothing. Who may post: a feed
 * key (scoped to domains) or a person with `events.post` and the CSRF header, checked before the
 * body is read.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { documentedIngestBody, ingestBodySchema } from '../../ingest/ingest-schema';
import { schemaInputError } from '../../ingest/schema-error';
import type { IngestEvent } from '../../domains/domain';
import { can, mustChangePassword } from '../../access/identity';
import { csrfHolds, refuse, refuseAnonymous, refusePasswordChangeFirst } from '../../http/auth-plugin';
import { errorBody } from '../../http/error-handler';
import { errors, FEED } from '../../http/route-docs';

const postEvents: FastifyPluginAsync = async (app) => {
  const { ingest } = app;
  const { domains } = app.runtime;
  const { maxBatch, bodyLimitBytes, requestsPerMinute: perMinute } = app.config.current().app.ingest;

  // This area's access, before the body is read: nobody posts without a feed key or an account allowed to.
  app.addHook('onRequest', async (request, reply) => {
    const { identity } = request;
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return reply
        .code(415)
        .send(
          errorBody(
            415,
            'content-type: must be application/json',
            'content-type: phải là application/json',
            'content-type',
          ),
        );
    }
    if (identity.kind === 'anonymous' || identity.kind === 'screen') return refuseAnonymous(reply);
    if (mustChangePassword(identity)) return refusePasswordChangeFirst(reply);
    if (identity.kind === 'user' && !can(identity, 'events.post')) {
      return refuse(reply, 'your account may not post events', 'tài khoản không được gửi sự kiện');
    }
    if (!csrfHolds(request))
      return refuse(reply, 'x-csrf-token header missing or wrong', 'thiếu hoặc sai mã chống giả mạo', 'x-csrf-token');
    return undefined;
  });

  const domainNames = domains.map((domain) => domain.name);
  const documentedBody = documentedIngestBody(domains, maxBatch);
  const body = ingestBodySchema(domainNames, maxBatch);
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/api/v1/events',
    {
      bodyLimit: bodyLimitBytes,
      config: {
        rateLimit: {
          max: perMinute,
          timeWindow: 60_000,
          keyGenerator: (request) => (request.identity?.kind === 'key' ? `key:${request.identity.key.id}` : request.ip),
        },
        // The document shows every domain's event kinds with the schema of their `data`.
        swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, body: documentedBody }, url }),
      },
      schema: {
        summary: 'Post one event, or a batch of events (all or nothing)',
        description: [
          'A feed posts with its key (scoped to domains); a person with the `events.post` permission with the session and `x-csrf-token`.',
          'Each event is validated against the schema of its domain and kind; the first problem is answered with 400 naming its field (`events[2].data.lat`).',
          'An event with an `id` already stored is acknowledged as a duplicate and not stored twice.',
        ].join(' '),
        tags: ['ingest'],
        security: FEED,
        body,
        response: {
          200: Type.Object(
            {
              accepted: Type.Integer({ description: 'Events stored now' }),
              duplicates: Type.Integer({ description: 'Events whose `id` was already stored' }),
              firstSeq: Type.Union([Type.Integer(), Type.Null()]),
              lastSeq: Type.Union([Type.Integer(), Type.Null()]),
            },
            { description: 'Stored (or already stored)' },
          ),
          ...errors(400, 401, 403, 409, 413, 415, 429, 503),
        },
      },
      validatorCompiler: TypeBoxValidatorCompiler,
      // A feed author needs the index and the field of the first problem, not a list of anyOf noise.
      schemaErrorFormatter: (errors) => schemaInputError('events', errors, body),
      // One event is a batch of one: the same validation, the same all-or-nothing storage.
      preValidation: async (request) => {
        if (!Array.isArray(request.body)) request.body = [request.body];
      },
    },
    async (request, reply) => {
      const events = request.body as IngestEvent[];
      const { identity } = request;
      let source = 'http';
      if (identity.kind === 'key') {
        // A feed key is scoped to domains: one event outside them refuses the whole batch.
        const index = events.findIndex((event) => !identity.key.scopes.includes(event.domain));
        if (index >= 0) {
          return refuse(
            reply,
            `events[${index}].domain: this key may post to ${identity.key.scopes.join(', ')} only`,
            `events[${index}].domain: khóa này chỉ được gửi vào ${identity.key.scopes.join(', ')}`,
            `events[${index}].domain`,
          );
        }
        source = `key:${identity.key.name}`;
      } else if (identity.kind === 'user') {
        source = `user:${identity.session.user.username}`;
      }
      const result = await ingest.ingest(events, { source, caller: identity }, false);
      const seqs = result.stored.map((event) => event.seq);
      return reply.code(200).send({
        accepted: result.accepted,
        duplicates: result.duplicates,
        firstSeq: seqs[0] ?? null,
        lastSeq: seqs[seqs.length - 1] ?? null,
      });
    },
  );
};

export default postEvents;
