/**
 * The city speaks to citizens: `/thong-bao` and its Atom feed, read from the notices topic of the
 * announcements domain. Without that domain there is nothing to serve.
 */
import type { FastifyPluginAsync } from 'fastify';
import notices, { type NoticesOptions } from './notices';
import { NOTICES_TOPIC } from './notice-list';

const noticesArea: FastifyPluginAsync<NoticesOptions> = async (app, options) => {
  if (!app.hub.has(NOTICES_TOPIC)) return;
  await app.register(notices, options);
};

export default noticesArea;
