/**
 * Inbound webhooks of partner systems (`config/feeds/*.yaml`, kind `webhook`). Access: no session
 * and no feed key; each delivery proves itself with its HMAC signature, checked by the route.
 * The body is kept as bytes here only (the signature is over the exact bytes sent).
 */
import type { FastifyPluginAsync } from 'fastify';
import receive from './receive';

const hooksArea: FastifyPluginAsync = async (app) => {
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  await app.register(receive);
};

export default hooksArea;
