/**
 * `POST /api/v1/promotion/notice`: publishes the promotion's short text as a public notice, for a
 * ward or the whole area: it goes to `/thong-bao`, its Atom feed and, through the webhook outbox,
 * to the gateways of the ward loudspeakers and Zalo groups. Operators (`console.use`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import Type from 'typebox';
import { actorOf } from '../../access/identity';
import { errorBody } from '../../http/error-handler';
import { errors, personWith } from '../../http/route-docs';
import { areaAccess } from '../area-access';
import { announcementText, PROMOTION_TITLE, reportPageUrl } from '../../promotion/promotion-text';
import { wardsOf } from '../notices/notice-list';

const Body = Type.Object(
  {
    ward: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,10}$', description: 'A ward or commune code; none: the whole area' }),
    ),
    days: Type.Integer({ minimum: 1, maximum: 90, default: 14, description: 'How many days the notice stays up' }),
  },
  { additionalProperties: false },
);

const DAY_MS = 86_400_000;

const promotionNotice: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { permission: 'console.use' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/v1/promotion/notice',
    {
      schema: {
        summary: "Publishes the promotion's short text as a public notice (loudspeakers, Zalo groups via the webhooks)",
        tags: ['citizens'],
        ...personWith('console.use', true),
        body: Body,
        response: {
          200: Type.Object({
            announcementId: Type.String(),
            text: Type.Object({ vi: Type.String(), en: Type.String() }),
          }),
          ...errors(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const current = app.config.current();
      const now = app.now();
      const ward = request.body.ward
        ? wardsOf(current.units.units, now, current.app.city.timeZone).find((unit) => unit.code === request.body.ward)
        : null;
      if (request.body.ward && !ward)
        return reply
          .code(400)
          .send(
            errorBody(
              400,
              `ward: no ward or commune ${request.body.ward} today`,
              `ward: không có phường, xã ${request.body.ward}`,
              'ward',
            ),
          );
      const publicUrl = current.app.citizen.publicUrl;
      if (!publicUrl)
        return reply
          .code(409)
          .send(
            errorBody(
              409,
              'citizen.publicUrl is not set in config/app.yaml',
              'chưa đặt citizen.publicUrl trong config/app.yaml',
              'citizen.publicUrl',
            ),
          );
      const url = reportPageUrl(publicUrl);
      const text = announcementText({
        url,
        hotline: current.app.citizen.hotline ?? null,
        wardName: ward ? { vi: ward.name, en: ward.nameEn ?? ward.name } : null,
      });
      const announcementId = `quang-ba-${randomUUID()}`;
      await app.ingest.ingest(
        [
          {
            domain: 'announcements',
            kind: 'announcement.published',
            id: announcementId,
            data: {
              announcementId,
              audience: 'public',
              priority: 'normal',
              title: PROMOTION_TITLE,
              text,
              link: url,
              validFrom: now,
              validTo: now + request.body.days * DAY_MS,
              ...(ward ? { wards: [ward.code] } : {}),
              ...(current.app.notices.topics.some((topic) => topic.id === 'hanh-chinh') ? { topic: 'hanh-chinh' } : {}),
            },
          },
        ],
        { source: actorOf(request.identity), caller: request.identity },
      );
      return { announcementId, text };
    },
  );
};

export default promotionNotice;
