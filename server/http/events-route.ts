/** `POST /api/v1/events`: one event or a batch (a JSON array), all or nothing. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { IngestService } from '../ingest/ingest-service';
import { ingestBodySchema } from '../ingest/ingest-schema';
import { InputError, fieldPath } from '../ingest/ingest-error';
import type { IngestEvent } from '../domains/domain';

export interface EventsRouteOptions {
  ingest: IngestService;
  domainNames: string[];
  maxBatch: number;
  bodyLimitBytes: number;
}

const eventsRoute: FastifyPluginAsync<EventsRouteOptions> = async (app, options) => {
  const { ingest, domainNames, maxBatch, bodyLimitBytes } = options;
  app.withTypeProvider<TypeBoxTypeProvider>().post('/api/v1/events', {
    bodyLimit: bodyLimitBytes,
    schema: { body: ingestBodySchema(domainNames, maxBatch) },
    validatorCompiler: TypeBoxValidatorCompiler,
    // A feed author needs the index and the field of the first problem, not a list of anyOf noise.
    schemaErrorFormatter: (errors) => {
      const first = errors[0];
      if (!first) return new InputError({ field: 'events', en: 'is invalid', vi: 'không hợp lệ' });
      const params = (first.params ?? {}) as Record<string, unknown>;
      const at = fieldPath('events', first.instancePath);
      if (first.keyword === 'required' && Array.isArray(params.requiredProperties)) {
        return new InputError({ field: `${at}.${String(params.requiredProperties[0])}`, en: 'is required', vi: 'là bắt buộc' });
      }
      if (first.keyword === 'maxItems') {
        return new InputError({ field: 'events', en: `a batch holds at most ${maxBatch} events`, vi: `một lô tối đa ${maxBatch} sự kiện` });
      }
      if (first.keyword === 'boolean' && String(first.schemaPath).endsWith('/additionalProperties')) {
        return new InputError({ field: at, en: 'is not an allowed property', vi: 'không phải là trường được phép' });
      }
      return new InputError({ field: at, en: first.message ?? 'is invalid', vi: `không hợp lệ (${first.message ?? ''})` });
    },
    // One event is a batch of one: the same validation, the same all-or-nothing storage.
    preValidation: async (request) => {
      if (!Array.isArray(request.body)) request.body = [request.body];
    },
  }, async (request, reply) => {
    const result = await ingest.ingest(request.body as IngestEvent[], { source: 'http' }, false);
    const seqs = result.stored.map((event) => event.seq);
    return reply.code(200).send({
      accepted: result.accepted,
      duplicates: result.duplicates,
      firstSeq: seqs[0] ?? null,
      lastSeq: seqs[seqs.length - 1] ?? null,
    });
  });
};

export default fp(eventsRoute, { name: 'events-route' });
