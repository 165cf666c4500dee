/**
 * `/thong-bao` (HTML) and `/thong-bao/atom.xml`: the city's public notices. Access: anybody (they
 * are public by construction: the topic holds public notices only); anonymous reads are rate
 * limited per address like the other public answers.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errors, PUBLIC } from '../../http/route-docs';
import { renderNoticesPage } from './notices-page';
import { renderAtom } from './atom-feed';
import { filterOf, labelsOf, listNotices, NoticeQuery, wardsOf } from './notice-list';
import { withPracticeBand } from '../../training/practice-band';

export interface NoticesOptions {
  /** This is the practice space: its notices page wears the training band like its other pages. */
  practiceBand?: boolean;
}

/** Images may come from the city's other https sites; nothing else is loosened (no script at all). */
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.headers.host ?? 'localhost'}`;

const noticesRoutes: FastifyPluginAsync<NoticesOptions> = async (fastify, { practiceBand = false }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { hub, config } = app;

  const context = () => {
    const current = config.current();
    const topics = current.app.notices.topics;
    return { current, topics, labels: labelsOf(current.units.units, topics) };
  };
  // Short: a correction or withdrawal reaches readers within a minute, and a crowd costs one render a minute per proxy.
  const cacheable = (reply: FastifyReply) => reply.header('cache-control', 'public, max-age=60');

  app.get(
    '/thong-bao',
    {
      schema: {
        summary: "The city's notices to citizens (HTML page, newest first; by ward and topic)",
        tags: ['citizens'],
        security: PUBLIC,
        querystring: NoticeQuery,
        produces: ['text/html'],
        response: { 200: Type.String({ description: 'The page (text/html)' }), ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      const { current, topics, labels } = context();
      const filter = filterOf(request.query);
      const timeZone = current.app.city.timeZone;
      const html = renderNoticesPage({
        notices: listNotices(hub, filter),
        page: request.query.page ?? 1,
        filter,
        locale: request.query.lang ?? 'vi',
        timeZone,
        cityName: current.app.city.name,
        wards: wardsOf(current.units.units, app.now(), timeZone),
        topics,
        labels,
      });
      cacheable(reply);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', PAGE_CSP)
        .send(practiceBand ? withPracticeBand(html) : html);
    },
  );

  app.get(
    '/api/v1/notices/choices',
    {
      schema: {
        summary: 'What a notice may name: the topics of config/app.yaml and the wards and communes of today',
        tags: ['citizens'],
        security: PUBLIC,
        response: {
          200: Type.Object({
            topics: Type.Array(
              Type.Object({ id: Type.String(), name: Type.Object({ vi: Type.String(), en: Type.String() }) }),
            ),
            wards: Type.Array(
              Type.Object({ code: Type.String(), name: Type.Object({ vi: Type.String(), en: Type.String() }) }),
            ),
          }),
          ...errors(429),
        },
      },
    },
    async () => {
      const { current, topics } = context();
      const wards = wardsOf(current.units.units, app.now(), current.app.city.timeZone);
      return {
        topics: topics.map((topic) => ({ id: topic.id, name: topic.name })),
        wards: wards.map((unit) => ({ code: unit.code, name: { vi: unit.name, en: unit.nameEn } })),
      };
    },
  );

  app.get(
    '/thong-bao/atom.xml',
    {
      schema: {
        summary: "The city's notices to citizens as an Atom feed (RFC 4287), by ward and topic",
        tags: ['citizens'],
        security: PUBLIC,
        querystring: Type.Omit(NoticeQuery, ['page']),
        produces: ['application/atom+xml'],
        response: { 200: Type.String({ description: 'The feed (application/atom+xml)' }), ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      const { current, labels } = context();
      const filter = filterOf(request.query);
      const locale = request.query.lang ?? 'vi';
      const city = current.app.city.name[locale];
      const xml = renderAtom({
        notices: listNotices(hub, filter),
        filter,
        locale,
        origin: originOf(request),
        title: locale === 'vi' ? `Thông báo — ${city}` : `Notices — ${city}`,
        author: current.units.operatingBody[locale === 'vi' ? 'name' : 'nameEn'],
        labels,
        now: app.now(),
      });
      cacheable(reply);
      return reply.type('application/atom+xml; charset=utf-8').send(xml);
    },
  );
};

export default noticesRoutes;
