/**
 * `POST /api/v1/hooks/:feed`: a partner's delivery, signed `X-IOC-Signature: t=…,v1=…` (HMAC-SHA256
 * over `<t>.<raw body>` with the feed's key), within five minutes of its time. Anybody may call it;
 * the signature decides. Refusals are answered 400/401 in Vietnamese and English and counted in
 * the feed's health; a signed delivery the mapping or a domain refuses goes to the dead letters.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorBody, RETRY_AFTER_SECONDS } from '../../http/error-handler';
import { errors, PUBLIC } from '../../http/route-docs';
import { SIGNATURE_HEADER, verifySignature } from '../../feeds/webhook/signature';

const WEBHOOK_BODY_LIMIT = 256 * 1024;

const receive: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { feeds, now } = app;

  app.post(
    '/api/v1/hooks/:feed',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        summary: 'A partner system’s signed delivery to a webhook feed',
        description:
          'Header `X-IOC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the feed’s key; ' +
          'refused beyond five minutes from `t`. The body goes through the feed’s mapping to events.',
        tags: ['ingest'],
        security: PUBLIC,
        params: Type.Object({ feed: Type.String({ minLength: 1, maxLength: 64 }) }),
        headers: Type.Object({ [SIGNATURE_HEADER]: Type.Optional(Type.String({ maxLength: 200 })) }),
        body: Type.Unknown({ description: 'The partner’s JSON message, as the feed’s mapping reads it' }),
        response: {
          202: Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer() }),
          ...errors(400, 401, 404, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const { feed } = request.params;
      const channel = feeds.channel(feed);
      if (!channel || channel.feed.kind !== 'webhook') {
        return reply
          .code(404)
          .send(errorBody(404, `no webhook feed "${feed}"`, `không có luồng webhook "${feed}"`, 'feed'));
      }
      const secret = feeds.webhookSecret(feed);
      if (!secret) {
        return reply
          .code(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS * 12))
          .send(
            errorBody(
              503,
              `the feed "${feed}" is paused or not running`,
              `luồng "${feed}" đang tạm dừng hoặc chưa chạy`,
            ),
          );
      }
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const verdict = verifySignature(request.headers[SIGNATURE_HEADER], body, secret, now());
      if (!verdict.ok) {
        channel.health.refusal(now(), verdict.reason);
        return reply
          .code(verdict.status)
          .send(errorBody(verdict.status, verdict.reason.en, verdict.reason.vi, SIGNATURE_HEADER));
      }
      const outcome = await channel.receiveText(body.toString('utf8'));
      if (outcome.result === 'refused') {
        const letter = app.feedStore.deadLetter(feed, outcome.deadLetter);
        return reply
          .code(400)
          .send(
            errorBody(400, letter?.reason.en ?? 'refused', letter?.reason.vi ?? 'bị từ chối', letter?.field ?? 'body'),
          );
      }
      return reply.code(202).send({ accepted: outcome.events, duplicates: outcome.duplicates });
    },
  );
};

export default receive;
