/**
 * A browser at `/pair` becomes a screen: it asks for a code (shown on it) and a ticket, then asks
 * with the ticket until an operator has claimed the code (`manage.ts`) and it gets its token, once.
 * Access: anybody, rate limited per address; every code given is in the audit log.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorBody } from '../../http/error-handler';
import { errors, PUBLIC } from '../../http/route-docs';
import { CODE_TTL_MS } from '../../screens/pairing';

/** Status polls per minute per address (a waiting browser asks every 2 s). */
const POLLS_PER_MINUTE = 60;

const Ticket = Type.Object({ ticket: Type.String({ minLength: 10, maxLength: 100 }) }, { additionalProperties: false });
const PairingCode = Type.Object(
  {
    code: Type.String({ description: 'Shown on the screen; an operator types it in the console' }),
    ticket: Type.String({ description: 'Kept by the browser to ask for its status' }),
    expiresAt: Type.Number(),
    ttlMs: Type.Integer(),
  },
  { additionalProperties: true },
);
const PairingStatus = Type.Object(
  {
    state: Type.Union([Type.Literal('waiting'), Type.Literal('paired')]),
    screenId: Type.Optional(Type.String()),
    token: Type.Optional(Type.String({ description: 'The screen token `iocs_…`, given once' })),
    url: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

const pairingRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { access, pairing } = app;
  // A browser at /pair asks for a new code every 10 minutes.
  const codesPerMinute = app.config.current().app.security.pairingCodesPerMinute;

  app.post(
    '/api/v1/pairing',
    {
      schema: {
        summary: 'A pairing code for a browser at `/pair`, and its ticket',
        tags: ['screens'],
        security: PUBLIC,
        response: { 201: PairingCode, ...errors(429, 503) },
      },
      config: { rateLimit: { max: codesPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const started = await pairing.start(request.ip);
      if (!started) {
        return reply
          .code(503)
          .header('retry-after', '60')
          .send(
            errorBody(
              503,
              'too many screens are waiting to be paired; try again in a minute',
              'quá nhiều màn hình đang chờ ghép nối; thử lại sau một phút',
            ),
          );
      }
      access.audit({ actor: 'anonymous', ip: request.ip }, 'screen.pair-code');
      return reply.code(201).send({ ...started, ttlMs: CODE_TTL_MS });
    },
  );

  app.post(
    '/api/v1/pairing/status',
    {
      schema: {
        summary: 'Whether the code was claimed: waiting, or the screen token (once)',
        tags: ['screens'],
        security: PUBLIC,
        body: Ticket,
        response: { 200: PairingStatus, ...errors(400, 404, 410, 429) },
      },
      config: { rateLimit: { max: POLLS_PER_MINUTE, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const status = await pairing.status(request.body.ticket);
      if (!status)
        return reply
          .code(404)
          .send(errorBody(404, 'ticket: unknown or already used', 'ticket: không hợp lệ hoặc đã dùng', 'ticket'));
      if (status.state === 'expired')
        return reply
          .code(410)
          .send(
            errorBody(
              410,
              'ticket: the code expired; ask for a new one',
              'ticket: mã đã hết hạn; hãy lấy mã mới',
              'ticket',
            ),
          );
      if (status.state === 'paired') return { ...status, url: `/wall/${status.screenId}` };
      return status;
    },
  );
};

export default pairingRoutes;
